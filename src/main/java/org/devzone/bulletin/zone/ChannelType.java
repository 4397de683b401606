package org.devzone.bulletin.zone;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The messaging channels a zone can be reached on besides email. */
public enum ChannelType {
    QQ("qq", "QQ 群（OneBot）"),
    WECOM("wecom", "企业微信群机器人"),
    DINGTALK("dingtalk", "钉钉群机器人"),
    FEISHU("feishu", "飞书群机器人"),
    WEBHOOK("webhook", "Webhook");

    public static final Map<String, ChannelType> BY_NAME =
            Arrays.stream(values()).collect(LinkedHashMap::new, (m, t) -> m.put(t.wireName, t), Map::putAll);

    private final String wireName;
    private final String label;

    ChannelType(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }
}
