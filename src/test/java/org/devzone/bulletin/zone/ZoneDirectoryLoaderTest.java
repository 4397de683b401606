package org.devzone.bulletin.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.devzone.bulletin.config.ConfigException;
import org.devzone.bulletin.testing.ZoneDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneDirectoryLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theShippedDemoDirectoryHasTwentyZonesAcrossCitiesAndTiers() {
        Channels channels = ChannelsLoader.load(Path.of("config/channels.yaml"));
        ZoneDirectory directory = ZoneDirectoryLoader.load(Path.of("config/zones.yaml"), channels);

        List<Zone> zones = directory.zones();
        assertThat(zones).hasSize(20);
        assertThat(zones.stream().map(Zone::city).collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(5);
        assertThat(zones.stream().map(Zone::tier).collect(Collectors.toSet())).containsExactlyInAnyOrder(Tier.values());
        assertThat(zones).allSatisfy(z -> assertThat(z.contacts()).isNotEmpty());
        assertThat(zones.stream().flatMap(z -> z.contacts().stream()).map(Contact::email))
                .allSatisfy(email -> assertThat(email).endsWith(".example.org"));
        assertThat(zones.stream()
                        .flatMap(z -> z.endpoints().stream())
                        .map(ChannelEndpoint::type)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(ChannelType.values());
        Zone dongzhou = directory.find("dongzhou-etdz").orElseThrow();
        assertThat(dongzhou.name()).isEqualTo("东州经济技术开发区");
        assertThat(dongzhou.endpoints())
                .extracting(ChannelEndpoint::address)
                .containsExactly("qq:office-qq/731000101", "wecom:wecom-dongzhou-etdz");
    }

    @Test
    void aNationalDirectoryOfFiftyThousandZonesLoads() throws IOException {
        Path file = dir.resolve("zones.yaml");
        ZoneDirectories.write(file, 50_000);
        assertThat(Files.size(file))
                .as("larger than the YAML parser's default limit")
                .isGreaterThan(3L * 1024 * 1024);

        ZoneDirectory directory = ZoneDirectoryLoader.load(file, ChannelsLoader.load(Path.of("config/channels.yaml")));

        assertThat(directory.zones()).hasSize(50_000);
    }

    @Test
    void audiencesResolveToTheUnionOfTheirCriteria() {
        ZoneDirectory directory = ZoneDirectoryLoader.load(
                Path.of("config/zones.yaml"), ChannelsLoader.load(Path.of("config/channels.yaml")));

        List<String> ids = directory
                .resolve(
                        new Audience(false, List.of("border-trade"), List.of(), List.of("青岚市"), List.of("xiling-etdz")))
                .stream()
                .map(Zone::id)
                .toList();

        assertThat(ids)
                .containsExactly(
                        "xiling-etdz",
                        "beiyuan-border",
                        "qinglan-intl",
                        "qinglan-etdz",
                        "qinglan-digital",
                        "qinglan-materials");
        assertThat(directory.resolve(Audience.ALL)).hasSize(20);
    }

    @Test
    void everyMistakeIsReportedWithFileLineZoneAndField() throws IOException {
        Path channels = write("channels.yaml", """
                wecom:
                  wecom-a:
                    key-env: WECOM_KEY_A
                """);
        Path zones = write("zones.yaml", """
                zones:
                  - id: zone-a
                    name: 甲开发区
                    tier: national
                    city: 东州市
                    contacts:
                      - name: 甲
                        email: a@zone-a.example.org
                  - id: zone-b
                    name: 乙开发区
                    tier: nationl
                    city: 东州市
                    contacts:
                      - name: 乙
                        email: b@
                    channels:
                      - wecom: wecom-missing
                      - qq: office-qq
                        group-id: "123456"
                  - id: zone-a
                    name: 重复开发区
                    tier: other
                    city: 南港市
                    contacts:
                      - name: 丙
                        email: c@zone-c.example.org
                """);

        ConfigException error = catchThrowableOfType(
                ConfigException.class, () -> ZoneDirectoryLoader.load(zones, ChannelsLoader.load(channels)));

        assertThat(error.problems())
                .containsExactlyInAnyOrder(
                        zones
                                + ":11: zone 'zone-b', field 'tier': unknown tier 'nationl' (expected one of national, provincial, cultivation, other)",
                        zones + ":15: zone 'zone-b', contacts[0], field 'email': 'b@' is not a valid email address",
                        zones
                                + ":17: zone 'zone-b', channels[0], field 'wecom': channel 'wecom-missing' is not defined under 'wecom' in channels.yaml",
                        zones
                                + ":18: zone 'zone-b', channels[1], field 'qq': channel 'office-qq' is not defined under 'qq' in channels.yaml",
                        zones + ":20: zone 'zone-a', field 'id': duplicate zone id 'zone-a' (first defined at line 2)");
    }

    @Test
    void unknownFieldsMissingFieldsAndBadYamlAreReported() throws IOException {
        Path zones = write("zones.yaml", """
                zones:
                  - id: Zone_A
                    nmae: 甲开发区
                    tier: national
                    tags: [Key Zone]
                """);

        ConfigException error = catchThrowableOfType(
                ConfigException.class, () -> ZoneDirectoryLoader.load(zones, new Channels(List.of())));

        assertThat(error.getMessage())
                .contains(":2: zone 'Zone_A', field 'id': 'Zone_A' is not a lower-case slug")
                .contains(":3: zone 'Zone_A': unknown field 'nmae'")
                .contains("field 'name': is required")
                .contains("field 'city': is required")
                .contains("tag 'Key Zone' must be a lower-case slug")
                .contains("has no email contact and no channel");

        Path broken = write("broken.yaml", "zones:\n  - id: a\n   name: b\n");
        assertThat(catchThrowableOfType(
                                ConfigException.class, () -> ZoneDirectoryLoader.load(broken, new Channels(List.of())))
                        .getMessage())
                .startsWith(broken + ":3: not valid YAML");
    }

    @Test
    void channelsNeedTheirSecretVariableNamesAndMissingVariablesAreWarnings() throws IOException {
        Path bad = write("channels.yaml", """
                dingtalk:
                  ding-a:
                    secret-env: lower_case
                telegram:
                  t: {}
                """);
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ChannelsLoader.load(bad));
        assertThat(error.getMessage())
                .contains("dingtalk channel 'ding-a', field 'token-env': is required")
                .contains("'lower_case' is not an environment variable name")
                .contains("unknown field 'telegram'");

        Channels demo = ChannelsLoader.load(Path.of("config/channels.yaml"));
        assertThat(demo.missingSecrets(name -> name.equals("ONEBOT_ACCESS_TOKEN") ? "t0ken" : null))
                .anySatisfy(w -> assertThat(w).contains("WECOM_KEY_DONGZHOU_ETDZ"))
                .noneSatisfy(w -> assertThat(w).contains("ONEBOT_ACCESS_TOKEN"));
        assertThat(Set.copyOf(demo.all())).hasSize(8);
    }

    @Test
    void robotsArePacedToTheProvidersLimitsUnlessTheirRateSaysOtherwise() throws IOException {
        Channels demo = ChannelsLoader.load(Path.of("config/channels.yaml"));
        assertThat(demo.find(ChannelType.WECOM, "wecom-dongzhou-etdz")
                        .orElseThrow()
                        .rates())
                .hasToString("[20/min]");
        assertThat(demo.find(ChannelType.DINGTALK, "ding-xiling-etdz")
                        .orElseThrow()
                        .rates())
                .hasToString("[20/min]");
        assertThat(demo.find(ChannelType.FEISHU, "feishu-qinglan-intl")
                        .orElseThrow()
                        .rates())
                .hasToString("[5/s, 100/min]");
        assertThat(demo.find(ChannelType.QQ, "office-qq").orElseThrow().rates()).isEmpty();

        Path custom = write("channels.yaml", """
                wecom:
                  slower:
                    key-env: K
                    rate: 10/min
                  unpaced:
                    key-env: K
                    rate: none
                feishu:
                  bot:
                    hook-env: H
                    rate: [2/s, 30/min]
                """);
        Channels channels = ChannelsLoader.load(custom);
        assertThat(channels.find(ChannelType.WECOM, "slower").orElseThrow().rates())
                .hasToString("[10/min]");
        assertThat(channels.find(ChannelType.WECOM, "unpaced").orElseThrow().rates())
                .isEmpty();
        assertThat(channels.find(ChannelType.FEISHU, "bot").orElseThrow().rates())
                .hasToString("[2/s, 30/min]");

        Path bad = write("channels.yaml", """
                dingtalk:
                  ding-a:
                    token-env: T
                    rate: fast
                """);
        assertThat(catchThrowableOfType(ConfigException.class, () -> ChannelsLoader.load(bad))
                        .getMessage())
                .contains(
                        bad
                                + ":4: dingtalk channel 'ding-a', field 'rate': 'fast' is not a rate such as 20/min, 5/s or 3/2s (or none)");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
