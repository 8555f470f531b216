/// Where the change was made against where the impact is: on the service where the impact began, on another
/// of the incident's services, on every service at once (`*`), or elsewhere. A change upstream in the service
/// catalog is the dependency-path rule's.
package struct ServiceRule: EvidenceRule {
    package init() {}

    package let name = "service"
    package let features = [
        EvidenceFeature("service.impact", .either, "1 when the change is on the service where the impact began"),
        EvidenceFeature("service.incident", .either, "1 when it is on another of the incident's services"),
        EvidenceFeature("service.global", .either, "1 when it is a global change ('*')"),
        EvidenceFeature("service.elsewhere", .against, "1 when it is on none of the incident's services, nor upstream of them"),
    ]

    package func measure(_ f: CandidateFacts, in context: EvidenceContext) -> Measurement? {
        let c = f.change
        let input = context.input
        let environment = AnalysisOptions.isProduction(c.environment) ? "" : " (environment \(c.environment))"
        if c.service == Event.globalService {
            return Measurement([0, 0, 1, 0], "a global change ('*')\(environment), which reaches every service")
        }
        if input.services.contains(c.service) {
            if let began = input.impactService, began != c.service {
                return Measurement([0, 1, 0, 0], "on \(c.service)\(environment), one of the incident's services; the impact began on \(began)")
            }
            let began = input.impactService == nil ? "one of the incident's services" : "where the impact began"
            return Measurement([1, 0, 0, 0], "on \(c.service)\(environment), \(began)")
        }
        if f.upstreamPath != nil { return nil }
        return Measurement([0, 0, 0, 1], "on \(c.service)\(environment), not one of the incident's services")
    }
}
