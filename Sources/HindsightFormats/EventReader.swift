/// Reads one input in a given format and hands each record to a sink, streaming.
public enum EventReader {
    /// Reads `input`; throws `FormatError` when the input cannot be read at all.
    /// Returns the concrete format that was read.
    @discardableResult
    public static func read(
        _ input: ByteInput, format: InputFormat, options: AdapterOptions = AdapterOptions(),
        _ sink: (DecodedRecord) throws -> Void
    ) throws -> InputFormat {
        var concrete = format
        if format == .auto {
            guard let detected = InputFormat.detect(input) else { throw FormatError.unknownFormat(path: input.displayName) }
            concrete = detected
        }
        switch concrete {
        case .auto, .native: try NativeJSONDecoder.decode(input, sink)
        case .csv: try CSVDecoder.decode(input, sink)
        case .cdevents: try PayloadDecoder.decode(input, with: CDEventsAdapter(), sink)
        case .cloudevents: try PayloadDecoder.decode(input, with: CloudEventsAdapter(), sink)
        case .alertmanager: try PayloadDecoder.decode(input, with: AlertmanagerAdapter(serviceLabels: options.serviceLabels), sink)
        case .github: try PayloadDecoder.decode(input, with: GitHubAdapter(), sink)
        case .pagerduty: try PayloadDecoder.decode(input, with: PagerDutyAdapter(), sink)
        case .sentry: try PayloadDecoder.decode(input, with: SentryAdapter(), sink)
        }
        return concrete
    }
}
