package org.devzone.bulletin.testing;

/** Notice JSON as staff would write it. */
public final class Notices {

    private Notices() {}

    /** A valid midweek case notice for every zone, with a distinct title. */
    public static String valid(String title) {
        return """
                {"category": "case", "title": "%s", "body": "东州经开区推行**企业服务专员**制度，审批时限压缩一半。",
                 "audience": {"all": true}, "author": "开发区处 李娜"}
                """.formatted(title);
    }

    public static String withExternalId(String title, String externalId) {
        return """
                {"externalId": "%s", "category": "document", "title": "%s", "body": "请按时签收。",
                 "audience": {"tags": ["key-zone"]}, "receiptDeadline": "2026-12-04", "author": "开发区处 李娜"}
                """.formatted(externalId, title);
    }
}
