package dev.helpstream.gateway.tickets;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The bodies of the ticket command endpoints, validated before a command is built. */
final class CommandRequests {

    private CommandRequests() {}

    record ContactBody(
            @NotBlank @Email @Size(max = 254) String email,
            @Size(max = 200) String displayName) {}

    record CreateTicketBody(
            @NotBlank @Size(max = 250) String subject,
            @NotNull @Valid ContactBody customer,
            @Size(max = 50) List<@Valid ContactBody> cc,
            @Size(max = 100_000) String text,
            @Size(max = 500_000) String html,
            String departmentId,
            String serviceId,
            String priorityId,
            String categoryId,
            String typeId,
            String assigneeId,
            @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags,
            @Size(max = 35) String language,
            Boolean notifyCustomer) {}

    record AssignBody(String agentId) {}

    record TransferBody(
            @NotBlank String departmentId,
            String serviceId,
            @Size(max = 1000) String reason) {}

    record ReplyBody(
            @Size(max = 100_000) String text,
            @Size(max = 500_000) String html,
            String cannedResponseId,
            Boolean appendSignature,
            Boolean closeOnReply,
            @Size(max = 200) String saveAsCannedTitle,
            @Size(max = 50) List<@Valid ContactBody> cc) {}

    record NoteBody(
            @NotBlank @Size(max = 100_000) String text,
            @Size(max = 500_000) String html) {}

    record StatusBody(@NotBlank String statusId) {}

    record PriorityBody(@NotBlank String priorityId) {}

    record CategoryBody(String categoryId) {}

    record TypeBody(String typeId) {}

    record DueDateBody(Instant dueAt) {}

    record EstimatedResolutionBody(Instant estimatedResolutionAt) {}

    record ProgressBody(@NotNull @Min(0) @Max(100) Integer percent) {}

    record SpamBody(Boolean blockSender) {}

    record ImportantBody(@NotNull Boolean important) {}

    record MergeBody(@NotBlank String targetTicketId) {}

    record DeleteBody(@NotBlank @Size(max = 1000) String reason) {}

    record CloseBody(@Size(max = 1000) String reason) {}

    record TimeEntryBody(
            @NotNull @Min(1) @Max(24 * 60) Integer minutes,
            @Size(max = 1000) String note,
            @Size(max = 100) String category,
            Instant workedAt) {}

    record StopTimerBody(@Size(max = 1000) String note) {}

    record TagsBody(@NotNull @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags) {}

    record CustomerReplyBody(
            @Size(max = 100_000) String text,
            @Size(max = 500_000) String html) {}
}
