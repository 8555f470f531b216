import ArgumentParser
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight action add|done|list`: the action items a retrospective agreed, with owners and due dates.
    struct Action: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Track an incident's action items: add, mark done, list (overdue ones marked).",
            discussion: "Action items are stored as 'note' events (docs/retrospective.md) and numbered per incident: INC-7-A1, INC-7-A2.",
            subcommands: [Add.self, Done.self, List.self])

        /// `hindsight action add`.
        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Open an action item on an incident.")
            @OptionGroup var store: StoreOptions
            @OptionGroup var clock: ClockOptions

            @Argument(help: ArgumentHelp("The incident id (see 'hindsight incidents').", valueName: "incident"))
            var incident: String
            @Argument(help: ArgumentHelp("What is to be done.", valueName: "text"))
            var text: String
            @Option(help: ArgumentHelp("Who owns it.", valueName: "name"))
            var owner: String
            @Option(help: ArgumentHelp("Due date: 2026-12-15 (due by the end of that day, UTC) or an RFC 3339 instant.", valueName: "date"))
            var due: String?
            @Option(help: ArgumentHelp("A link to the ticket or pull request.", valueName: "url"))
            var link: String?
            @Option(help: ArgumentHelp("P1 (most urgent) to P4.", valueName: "P1|P2|P3|P4"))
            var priority: String?
            @Option(help: ArgumentHelp("prevent, mitigate, detect or process.", valueName: "type"))
            var type: String?
            @Option(help: ArgumentHelp("Who records it (default: the login name).", valueName: "name"))
            var by: String?

            func run() async throws {
                var dueDate: DueDate?
                if let due {
                    switch DueDate.parse(due) {
                    case .success(let d): dueDate = d
                    case .failure(let e): throw ValidationError("--due: \(e), or a date such as 2026-12-15")
                    }
                }
                let level = try priority.map { p in
                    guard let level = ActionPriority(text: p) else {
                        throw ValidationError("--priority: '\(p)' is not a priority; use P1 (most urgent), P2, P3 or P4")
                    }
                    return level
                }
                let kind = try type.map { t in
                    guard let kind = ActionType(rawValue: t.lowercased()) else {
                        throw ValidationError("--type: '\(t)' is not a type; use \(ActionType.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return kind
                }
                let now = try clock.current()
                let author = try Author.resolve(by)
                let eventStore = try store.open()
                let item = try runtime {
                    try eventStore.addActionItem(
                        incident: incident, text: text, owner: owner, due: dueDate, link: link, priority: level, type: kind, by: author, now: now)
                }
                print("\(item.id) opened: \(TextTable.oneLine(item.text)) (owner \(owner)\(item.due.map { ", due \($0.text)" } ?? ""))")
            }
        }

        /// `hindsight action done`.
        struct Done: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Mark an action item done.")
            @OptionGroup var store: StoreOptions
            @OptionGroup var clock: ClockOptions

            @Argument(help: ArgumentHelp("The action item's id (see 'hindsight action list').", valueName: "id"))
            var id: String
            @Option(help: ArgumentHelp("Who did it (default: the login name).", valueName: "name"))
            var by: String?

            func run() async throws {
                let now = try clock.current()
                let author = try Author.resolve(by)
                let eventStore = try store.open()
                let item = try runtime { try eventStore.completeActionItem(id: id, by: author, now: now) }
                print("\(item.id) done at \(item.doneAt?.rfc3339 ?? now.rfc3339): \(TextTable.oneLine(item.text))")
            }
        }

        /// `hindsight action list`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List action items; overdue open ones are marked OVERDUE.")
            @OptionGroup var store: StoreOptions
            @OptionGroup var clock: ClockOptions

            @Flag(help: "Only the items still open.")
            var open = false
            @Option(help: ArgumentHelp("Only this owner's items.", valueName: "name"))
            var owner: String?
            @Option(help: ArgumentHelp("Only this incident's items.", valueName: "incident"))
            var incident: String?
            @Flag(help: "Print a JSON array.")
            var json = false

            func run() async throws {
                let now = try clock.current()
                let eventStore = try store.open()
                let items = try runtime { try eventStore.actionItems(incident: incident) }.filter { item in
                    (!open || item.state == .open) && (owner == nil || item.owner == owner)
                }
                if json {
                    print(JSONWriter.array(items.map { $0.json(now: now) }))
                    return
                }
                guard !items.isEmpty else {
                    let filtered = open || owner != nil || incident != nil
                    print("No action items" + (filtered ? " match." : ". Add one with 'hindsight action add INCIDENT TEXT --owner NAME'."))
                    return
                }
                var table = TextTable(["ID", "STATE", "PRIORITY", "TYPE", "OWNER", "DUE", "TEXT"])
                for item in items {
                    let state = item.isOverdue(at: now) ? "OVERDUE" : item.state.rawValue
                    table.add([
                        item.id, state, item.priority?.rawValue ?? "-", item.type?.rawValue ?? "-", item.owner ?? "-", item.due?.text ?? "-",
                        item.text + (item.link.map { " <\($0)>" } ?? ""),
                    ])
                }
                print(table.render())
            }
        }
    }
}
