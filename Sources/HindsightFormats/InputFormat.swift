/// The formats `hindsight ingest --format` accepts; `FormatRegistry` tells how each is detected and read.
package enum InputFormat: String, Sendable, CaseIterable {
    case auto, native, csv
    case cdevents, cloudevents, alertmanager, github, gitlab, argocd, flux, kubernetes
    case launchdarkly, unleash, opsgenie, pagerduty, sentry
}
