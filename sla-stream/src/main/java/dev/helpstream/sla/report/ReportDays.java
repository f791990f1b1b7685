package dev.helpstream.sla.report;

import dev.helpstream.schema.ReportDay;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link ReportDay} arithmetic: the key of a department's day on {@code reports.daily.v1}, the empty
 * day, and the sum of two sets of figures. Pure functions; the records passed in are never changed.
 */
public final class ReportDays {

    /** Between the department id and the date in a key of {@code reports.daily.v1}. */
    public static final char KEY_SEPARATOR = '|';

    private ReportDays() {}

    /** {@code <departmentId>|<yyyy-MM-dd>}, the key of the department's day. */
    public static String key(String departmentId, LocalDate day) {
        return departmentId + KEY_SEPARATOR + day;
    }

    /** The department's day with every figure zero. */
    public static ReportDay empty(String departmentId, LocalDate day) {
        return ReportDay.newBuilder()
                .setDepartmentId(departmentId)
                .setDay(day)
                .setFirstResponseSeconds(List.of())
                .setResolutionSeconds(List.of())
                .setMinutesByAgent(Map.of())
                .setMinutesByCategory(Map.of())
                .build();
    }

    /**
     * The figures of both added up (counts and minutes summed, histograms merged), under the
     * department and day of {@code added}: what a day becomes when a contribution arrives.
     */
    public static ReportDay plus(ReportDay total, ReportDay added) {
        return ReportDay.newBuilder()
                .setDepartmentId(added.getDepartmentId())
                .setDay(added.getDay())
                .setOpened(total.getOpened() + added.getOpened())
                .setClosed(total.getClosed() + added.getClosed())
                .setReopened(total.getReopened() + added.getReopened())
                .setFirstResponseSeconds(
                        Histograms.merge(total.getFirstResponseSeconds(), added.getFirstResponseSeconds()))
                .setResolutionSeconds(Histograms.merge(total.getResolutionSeconds(), added.getResolutionSeconds()))
                .setSlaMet(total.getSlaMet() + added.getSlaMet())
                .setSlaBreached(total.getSlaBreached() + added.getSlaBreached())
                .setMinutesByAgent(sum(total.getMinutesByAgent(), added.getMinutesByAgent()))
                .setMinutesByCategory(sum(total.getMinutesByCategory(), added.getMinutesByCategory()))
                .setAttachments(total.getAttachments() + added.getAttachments())
                .setAttachmentBytes(total.getAttachmentBytes() + added.getAttachmentBytes())
                .build();
    }

    /** Whether every figure of the day is zero (nothing to report). */
    public static boolean isEmpty(ReportDay day) {
        return day.getOpened() == 0
                && day.getClosed() == 0
                && day.getReopened() == 0
                && day.getFirstResponseSeconds().isEmpty()
                && day.getResolutionSeconds().isEmpty()
                && day.getSlaMet() == 0
                && day.getSlaBreached() == 0
                && day.getMinutesByAgent().isEmpty()
                && day.getMinutesByCategory().isEmpty()
                && day.getAttachments() == 0
                && day.getAttachmentBytes() == 0;
    }

    private static Map<String, Long> sum(Map<String, Long> left, Map<String, Long> right) {
        // Sorted, so that the same figures always serialize to the same bytes.
        Map<String, Long> sum = new TreeMap<>(left);
        right.forEach((id, minutes) -> sum.merge(id, minutes, Long::sum));
        return sum;
    }
}
