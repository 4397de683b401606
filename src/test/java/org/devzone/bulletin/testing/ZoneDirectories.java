package org.devzone.bulletin.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Zone directories of any size for load and cluster tests: zone-1 to zone-N, one email contact each. */
public final class ZoneDirectories {

    private ZoneDirectories() {}

    public static void write(Path zonesYaml, int count) throws IOException {
        write(zonesYaml, count, null);
    }

    /** The same, each zone also in one chat channel ({@code wecom: wecom-shared}, say), or none when null. */
    public static void write(Path zonesYaml, int count, String channel) throws IOException {
        StringBuilder yaml = new StringBuilder("zones:\n");
        for (int i = 1; i <= count; i++) {
            yaml.append("  - id: zone-")
                    .append(i)
                    .append('\n')
                    .append("    name: 第")
                    .append(i)
                    .append("开发区\n")
                    .append("    tier: provincial\n")
                    .append("    city: 东州市\n")
                    .append("    contacts:\n")
                    .append("      - name: 联系人")
                    .append(i)
                    .append('\n')
                    .append("        email: contact")
                    .append(i)
                    .append("@zone-")
                    .append(i)
                    .append(".example.org\n");
            if (channel != null) {
                yaml.append("    channels:\n      - ").append(channel).append('\n');
            }
        }
        Files.writeString(zonesYaml, yaml.toString(), StandardCharsets.UTF_8);
    }
}
