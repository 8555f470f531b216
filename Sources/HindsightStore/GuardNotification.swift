import Hindsight

/// One notification the guard queued: a change announced (or its recovery) to one target, retried until delivered.
package struct GuardNotification: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        case failing, recovered
    }

    /// The rollout's first step, which names the guard's incident.
    package var change: String
    /// A digest of the target's URL (the URL may hold a secret, so the store never does).
    package var target: String
    package var kind: Kind
    /// The Standard Webhooks `webhook-id`: the same on every attempt, so a receiver can drop a repeat.
    package var messageID: String
    /// The JSON body, the same on every attempt.
    package var body: String
    /// Attempts made before this one.
    package var attempts: Int
    package var createdAt: Timestamp

    package init(change: String, target: String, kind: Kind, messageID: String, body: String, attempts: Int = 0, createdAt: Timestamp) {
        self.change = change
        self.target = target
        self.kind = kind
        self.messageID = messageID
        self.body = body
        self.attempts = attempts
        self.createdAt = createdAt
    }
}
