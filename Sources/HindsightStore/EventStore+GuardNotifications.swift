import Hindsight

/// The guard's outbox: notifications queued with the incident they announce, claimed one delivery at a time, and
/// marked delivered or retried, so each is sent once to each target whatever restarts in between.
extension EventStore {
    /// Queues notifications inside a write transaction; one already queued for its change, target and kind stays as it is.
    static func queue(_ notifications: [GuardNotification], in s: any SQLSession, at: Timestamp) throws {
        for n in notifications {
            try s.execute(
                """
                INSERT INTO guard_notification (change_id, target, kind, message_id, body, created_at, attempts, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (change_id, target, kind) DO NOTHING
                """, [n.change, n.target, n.kind.rawValue, n.messageID, n.body, at.milliseconds, at.milliseconds])
        }
    }

    /// Claims the notifications due at `now` (oldest first, at most `limit`): each claimed one is not due again until
    /// `now + lease`, so a delivery that dies midway is retried, and two servers never send the same one at once.
    package func claimDueNotifications(now: Timestamp, lease: TimeSpan, limit: Int = 20) throws -> [GuardNotification] {
        try write { s in
            let rows = try s.rows(
                """
                SELECT change_id, target, kind, message_id, body, attempts, created_at, next_attempt_at FROM guard_notification
                WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?
                """, [now.milliseconds, limit])
            var claimed: [GuardNotification] = []
            for row in rows {
                let due: Int64 = row["next_attempt_at"]
                let changed = try s.execute(
                    """
                    UPDATE guard_notification SET next_attempt_at = ?, attempts = attempts + 1
                    WHERE change_id = ? AND target = ? AND kind = ? AND next_attempt_at = ? AND delivered_at IS NULL
                    """, [(now + lease).milliseconds, row["change_id"] as String, row["target"] as String, row["kind"] as String, due])
                guard changed == 1, let kind = GuardNotification.Kind(rawValue: row["kind"]) else { continue }
                claimed.append(
                    GuardNotification(
                        change: row["change_id"], target: row["target"], kind: kind, messageID: row["message_id"], body: row["body"],
                        attempts: row["attempts"], createdAt: Timestamp(milliseconds: row["created_at"])))
            }
            return claimed
        }
    }

    /// Marks a notification delivered.
    package func notificationDelivered(_ n: GuardNotification, at: Timestamp) throws {
        _ = try write { s in
            try s.execute(
                "UPDATE guard_notification SET delivered_at = ?, last_error = NULL WHERE change_id = ? AND target = ? AND kind = ?",
                [at.milliseconds, n.change, n.target, n.kind.rawValue])
        }
    }

    /// Records a failed attempt: due again at `retryAt`, or abandoned at `now` when `retryAt` is `nil`.
    package func notificationFailed(_ n: GuardNotification, error: String, retryAt: Timestamp?, now: Timestamp) throws {
        _ = try write { s in
            try s.execute(
                """
                UPDATE guard_notification SET last_error = ?, next_attempt_at = ?, abandoned_at = ?
                WHERE change_id = ? AND target = ? AND kind = ?
                """, [error, (retryAt ?? now).milliseconds, retryAt == nil ? now.milliseconds : nil, n.change, n.target, n.kind.rawValue])
        }
    }

    /// What became of each notification about the rollout whose first step is `change`: (target, kind, attempts,
    /// delivered at, abandoned at, last error), by kind and target.
    package func notificationStates(change: String) throws -> [(
        target: String, kind: String, attempts: Int, deliveredAt: Timestamp?, abandonedAt: Timestamp?, error: String?
    )] {
        try read { s in
            try s.rows(
                """
                SELECT target, kind, attempts, delivered_at, abandoned_at, last_error FROM guard_notification WHERE change_id = ?
                ORDER BY kind, target
                """, [change]
            ).map { row in
                (
                    target: row["target"], kind: row["kind"], attempts: row["attempts"],
                    deliveredAt: (row["delivered_at"] as Int64?).map(Timestamp.init(milliseconds:)),
                    abandonedAt: (row["abandoned_at"] as Int64?).map(Timestamp.init(milliseconds:)), error: row["last_error"]
                )
            }
        }
    }
}
