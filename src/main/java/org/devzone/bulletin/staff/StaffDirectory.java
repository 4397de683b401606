package org.devzone.bulletin.staff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.devzone.bulletin.config.ConfigMap;
import org.devzone.bulletin.config.ConfigNode;
import org.devzone.bulletin.config.ConfigProblems;
import org.devzone.bulletin.zone.Contact;

/** The office's staff from {@code staff.yaml}; a missing file means nobody may queue by email. */
public final class StaffDirectory {

    private final List<StaffMember> members;

    public StaffDirectory(List<StaffMember> members) {
        this.members = List.copyOf(members);
    }

    public List<StaffMember> members() {
        return members;
    }

    /** The staff member with this address (case-insensitive), if any. */
    public Optional<StaffMember> byEmail(String email) {
        String wanted = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        return members.stream().filter(m -> m.email().equals(wanted)).findFirst();
    }

    /** @throws org.devzone.bulletin.config.ConfigException naming every file and line that is wrong */
    public static StaffDirectory load(Path file) {
        if (!Files.exists(file)) {
            return new StaffDirectory(List.of());
        }
        ConfigNode root = ConfigNode.read(file);
        ConfigProblems problems = new ConfigProblems();
        ConfigMap top = new ConfigMap(root, "staff.yaml", problems, List.of("staff"));
        List<StaffMember> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<ConfigMap> entries =
                top.mappings("staff", List.of("name", "email", "intake", "reports"), i -> "staff[" + i + "]");
        for (ConfigMap entry : entries) {
            String name = entry.requiredText("name");
            String email = entry.requiredText("email");
            if (!email.isEmpty() && !Contact.EMAIL.matcher(email).matches()) {
                entry.problem("email", "'" + email + "' is not a valid email address");
            } else if (!email.isEmpty() && !seen.add(email.toLowerCase(Locale.ROOT))) {
                entry.problem("email", "'" + email + "' is listed twice");
            }
            members.add(new StaffMember(name, email, flag(entry, "intake"), flag(entry, "reports")));
        }
        problems.throwIfAny();
        return new StaffDirectory(members);
    }

    private static boolean flag(ConfigMap entry, String key) {
        String text = entry.optionalText(key).orElse("false");
        if (!text.equals("true") && !text.equals("false")) {
            entry.problem(key, "expected true or false, not '" + text + "'");
        }
        return text.equals("true");
    }
}
