extension Analyzer {
    /// The version of what `analyze` computes under the default options. Stored incident summaries carry
    /// the version that made them; a build with another version recomputes them (`hindsight migrate`, or a
    /// read that meets them). Bump it with every change that can alter an analysis of the same events.
    public static let version = 1
}
