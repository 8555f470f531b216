import Hindsight
import Testing

/// Due dates, overdue marking with an injected clock, and action items folded from their notes.
@Suite struct DueDateAndActionItemTests {
    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    @Test func aDateIsDueByTheEndOfThatDayUTC() throws {
        let due = try DueDate.parse("2026-12-15").get()
        #expect(due.deadline == Self.t("2026-12-16T00:00:00Z"))
        #expect(!due.isOverdue(at: Self.t("2026-12-15T23:59:59Z")))
        #expect(due.isOverdue(at: Self.t("2026-12-16T00:00:00Z")))
        let instant = try DueDate.parse("2026-12-15T12:00:00+02:00").get()
        #expect(instant.deadline == Self.t("2026-12-15T10:00:00Z"))
    }

    @Test func badDueDatesAreErrors() {
        #expect(throws: TimestampError.self) { try DueDate.parse("next week").get() }
        #expect(throws: TimestampError.self) { try DueDate.parse("2026-13-40").get() }
    }

    @Test func anItemIsOpenedReassignedAndDoneByItsNotes() {
        let open = ActionItem.openingEvent(
            id: "INC-1-A1", incident: "INC-1", service: "api", text: "Add a canary", owner: "bob",
            due: try? DueDate.parse("2026-12-15").get(), link: "https://x/1", by: "ana", time: Self.t("2026-12-01T10:00:00Z"))
        var moved = Event(time: Self.t("2026-12-02T10:00:00Z"), kind: .note, service: "api", status: "open", incident: "INC-1", action: "INC-1-A1")
        moved.owner = "carol"
        moved.due = "2026-12-20"
        let other = ActionItem.openingEvent(
            id: "INC-1-A2", incident: "INC-1", service: "api", text: "Alert earlier", owner: "dan",
            due: nil, link: nil, by: nil, time: Self.t("2026-12-01T11:00:00Z"))
        var items = ActionItem.fold([open, other, moved])
        #expect(items.map(\.id) == ["INC-1-A1", "INC-1-A2"])
        #expect(items[0].owner == "carol")
        #expect(items[0].due?.text == "2026-12-20")
        #expect(items[0].link == "https://x/1")
        #expect(items[0].text == "Add a canary")
        #expect(items[0].isOverdue(at: Self.t("2026-12-21T00:00:00Z")))
        #expect(!items[0].isOverdue(at: Self.t("2026-12-20T23:00:00Z")))
        #expect(!items[1].isOverdue(at: Self.t("2030-01-01T00:00:00Z")), "an item without a due date is never overdue")

        let done = items[0].doneEvent(service: "api", by: "carol", time: Self.t("2026-12-22T09:00:00Z"))
        items = ActionItem.fold([open, other, moved, done])
        #expect(items[0].state == .done)
        #expect(items[0].doneAt == Self.t("2026-12-22T09:00:00Z"))
        #expect(items[0].doneBy == "carol")
        #expect(!items[0].isOverdue(at: Self.t("2027-01-01T00:00:00Z")), "a done item is not overdue")
        #expect(items[0].json(now: Self.t("2027-01-01T00:00:00Z")).contains("\"state\":\"done\",\"overdue\":false"))
        #expect(items[1].json(now: Self.t("2027-01-01T00:00:00Z")).contains("\"due\":null"))
    }

    @Test func itemNumbersAreReadFromTheirIDs() {
        #expect(ActionItem.number(of: "INC-7-A12", incident: "INC-7") == 12)
        #expect(ActionItem.number(of: "INC-77-A1", incident: "INC-7") == nil)
        #expect(ActionItem.number(of: "INC-7-Ax", incident: "INC-7") == nil)
    }
}
