package org.devzone.bulletin.platform;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * FreeMarker templates shipped inside the jar (pages, staff reports), unlike the editions' templates that admins edit in
 * config/. UTF-8; {@code .ftlh} files escape HTML. A template that fails is a defect of the build, not of any input.
 */
public final class BundledTemplates {

    private final String folder;
    private final Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);

    /** @param folder the classpath folder, such as {@code /pages} */
    public BundledTemplates(String folder) {
        this.folder = folder;
        configuration.setClassForTemplateLoading(BundledTemplates.class, folder);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setRecognizeStandardFileExtensions(true);
    }

    public String render(String name, Map<String, ?> model) {
        try {
            StringWriter out = new StringWriter();
            configuration.getTemplate(name).process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("the template " + folder + "/" + name + " failed", e);
        }
    }
}
