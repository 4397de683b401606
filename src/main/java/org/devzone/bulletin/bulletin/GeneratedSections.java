package org.devzone.bulletin.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.platform.StoreException;

/**
 * The sections a slot's bulletin generates rather than takes from the queue: the documents each zone still has to sign
 * for (filled per zone at sending), and what went out last week, per category, with the feedback that came. Last week
 * is a report read across the bulletin, notice and feedback tables; nothing here writes.
 */
public final class GeneratedSections {

    private final DataSource dataSource;
    private final ZoneId officeZone;
    private final ObjectMapper mapper;

    public GeneratedSections(DataSource dataSource, ZoneId officeZone, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.officeZone = officeZone;
        this.mapper = mapper;
    }

    /**
     * The slot's generated sections as JSON, or null when it has none or they are all empty. The last-week section
     * counts what was published in the previous ISO week; the receipts section is filled once zones sign for
     * documents.
     */
    public String of(Slot slot, LocalDate date) {
        if (slot.sections().isEmpty()) {
            return null;
        }
        ObjectNode root = mapper.createObjectNode();
        if (slot.sections().contains(Slot.Section.RECEIPTS)) {
            // Each zone's edition lists the documents it still has to sign for, as of sending.
            root.putObject("receipts");
        }
        LocalDate monday =
                date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        Map<String, int[]> published = slot.sections().contains(Slot.Section.LAST_WEEK)
                ? publishedBetween(monday, monday.plusDays(6))
                : Map.of();
        int[] feedback = slot.sections().contains(Slot.Section.LAST_WEEK)
                ? feedbackBetween(monday, monday.plusDays(6))
                : new int[2];
        if (published.isEmpty() && feedback[0] == 0) {
            return root.isEmpty() ? null : root.toString();
        }
        ObjectNode lastWeek = root.putObject("lastWeek");
        lastWeek.put("from", monday.toString());
        lastWeek.put("to", monday.plusDays(6).toString());
        ArrayNode categories = lastWeek.putArray("categories");
        for (Category category : Category.values()) {
            int[] counts = published.get(category.wireName());
            if (counts != null) {
                categories
                        .addObject()
                        .put("category", category.wireName())
                        .put("label", category.label())
                        .put("notices", counts[0])
                        .put("zones", counts[1]);
            }
        }
        lastWeek.putObject("feedback").put("count", feedback[0]).put("zones", feedback[1]);
        return root.toString();
    }

    /** Feedback received between two days (inclusive, office time): how many, and from how many zones. */
    int[] feedbackBetween(LocalDate from, LocalDate to) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT COUNT(*), COUNT(DISTINCT zone_id) FROM feedback WHERE received_at >= ? AND received_at < ?")) {
            select.setObject(1, from.atStartOfDay(officeZone).toOffsetDateTime());
            select.setObject(2, to.plusDays(1).atStartOfDay(officeZone).toOffsetDateTime());
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        } catch (SQLException e) {
            throw new StoreException("could not count feedback", e);
        }
    }

    /**
     * What was published in a date range: per category, how many notices and how many distinct zones they reached.
     * Keys are category names in the order of the first publication.
     */
    Map<String, int[]> publishedBetween(LocalDate from, LocalDate to) {
        Map<String, int[]> summary = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT n.category, COUNT(DISTINCT n.id),"
                        + " COUNT(DISTINCT e.zone_id) FROM bulletin b"
                        + " JOIN bulletin_notice bn ON bn.bulletin_id = b.id JOIN notice n ON n.id = bn.notice_id"
                        + " JOIN edition_notice en ON en.notice_id = n.id JOIN edition e ON e.id = en.edition_id"
                        + " WHERE b.status = 'published' AND b.occurrence_date BETWEEN ? AND ?"
                        + " GROUP BY n.category ORDER BY n.category")) {
            select.setDate(1, Date.valueOf(from));
            select.setDate(2, Date.valueOf(to));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    summary.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3)});
                }
            }
            return summary;
        } catch (SQLException e) {
            throw new StoreException("could not summarise last week's bulletins", e);
        }
    }
}
