/// The formats `hindsight ingest --format` accepts; `FormatRegistry` tells how each is detected and read.
/// `mapped` reads every payload by the user's `[[mapping]]` tables only.
package enum InputFormat: String, Sendable, CaseIterable {
    case auto, native, csv, mapped
    case cdevents, cloudevents, alertmanager, github, gitlab, argocd, flux, kubernetes
    case launchdarkly, unleash, opsgenie, pagerduty, sentry
    case datadog, newrelic, jenkins, terraform, circleci, rollbar, statuspage
}
