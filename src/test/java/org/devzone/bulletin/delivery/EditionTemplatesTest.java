package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.notice.Notice;
import org.junit.jupiter.api.Test;

/**
 * An edition as the shipped templates make it, without a running dispatcher: sections in the categories' fixed order
 * whatever order the notices came in, items numbered after grouping, Markdown read as plain text where chat shows none.
 */
class EditionTemplatesTest {

    private final EditionTemplates templates = new EditionTemplates(Path.of("config/templates"));

    @Test
    void sectionsComeInTheCategoriesOrderAndItemsAreNumberedAfterGrouping() throws Exception {
        EditionTemplates.Edition edition = edition(List.of(
                notice("n1", Category.MEDIA, "媒体关注东州经开区"),
                notice("n2", Category.DOCUMENT, "关于报送年度考核材料的通知"),
                notice("n3", Category.CASE, "企业服务专员制度"),
                notice("n4", Category.DOCUMENT, "关于做好安全生产检查的通知")));

        String chat = templates.render(edition, "chat.txt.ftl");

        assertThat(chat.indexOf("【重要文件】")).isPositive().isLessThan(chat.indexOf("【典型案例】"));
        assertThat(chat.indexOf("【典型案例】")).isLessThan(chat.indexOf("【媒体报道】"));
        assertThat(chat)
                .contains("1. 关于报送年度考核材料的通知")
                .contains("2. 关于做好安全生产检查的通知")
                .contains("3. 企业服务专员制度")
                .contains("4. 媒体关注东州经开区");
        assertThat(chat).contains("审批时限压缩一半").doesNotContain("**");
    }

    @Test
    void theEmailSubjectNamesTheOfficeTheSlotAndTheDay() throws Exception {
        String subject =
                templates.render(edition(List.of()), "email.subject.ftl").strip();

        assertThat(subject).isEqualTo("【省商务厅开发区处】周五工作提醒与重要文件（2026-11-27）");
    }

    private static EditionTemplates.Edition edition(List<Notice> notices) {
        return Editions.friday("dongzhou-etdz", "东州经济技术开发区", notices, Map.of(), Map.of());
    }

    private static Notice notice(String id, Category category, String title) {
        return Editions.notice(id, category, title, "东州经开区推行**企业服务专员**制度，审批时限压缩一半。", null, List.of());
    }
}
