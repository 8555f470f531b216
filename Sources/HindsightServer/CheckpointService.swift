import Dispatch
import HindsightStore
import ServiceLifecycle

/// Runs the store's checkpoints beside the server (its writer has auto-checkpoints off), every
/// second, on a thread of its own, and once more at shutdown.
package struct CheckpointService: Service {
    let checkpointer: Checkpointer
    let queue = DispatchQueue(label: "hindsight.store.checkpoint")

    package init(checkpointer: Checkpointer) { self.checkpointer = checkpointer }

    package func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            await checkpoint()
        }
        await checkpoint()
    }

    func checkpoint() async {
        let checkpointer = self.checkpointer
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async {
                try? checkpointer.checkpoint()
                done.resume()
            }
        }
    }
}
