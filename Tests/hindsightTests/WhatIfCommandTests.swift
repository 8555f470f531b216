import Foundation
import Testing

/// `hindsight whatif` end to end on the samples in sample-incidents/.
@Suite struct WhatIfCommandTests {
    static func sample(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sample-incidents/\(name)/events.jsonl").path
    }

    static func loaded(_ name: String) throws -> CLI {
        let cli = try CLI()
        let r = try cli.run(["ingest", sample(name)])
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    /// Detected 51m after impact (05:00), mitigated 27m later (05:27): the default plan halts 78m in,
    /// during the 10% stage, so 850,000 of the 8.5 million hosts.
    @Test func crowdStrikeSampleFigures() throws {
        let cli = try Self.loaded("crowdstrike-2024-07-19")
        defer { cli.cleanUp() }
        let r = try cli.run(["whatif", "crowdstrike-2024-07-19", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try Self.object(r.stdout)
        #expect(o["trigger"] as? String == "cs-channel-file-291")
        #expect(o["fleet_hosts"] as? Int == 8_500_000)
        #expect(o["detection_lag_seconds"] as? Int == 3060)
        #expect(o["rollback_delay_seconds"] as? Int == 1620)
        #expect(o["reduction_factor"] as? Int == 10)
        let actual = try #require(o["actual"] as? [String: Any])
        let simulated = try #require(o["simulated"] as? [String: Any])
        #expect(actual["hosts_affected"] as? Int == 8_499_999)
        #expect(simulated["stage"] as? Int == 2)
        #expect(simulated["hosts_affected"] as? Int == 850_000)
        #expect(simulated["halted_at"] as? String == "2024-07-19T05:27:00Z")
        let sentence =
            "A 1% canary held for 30 minutes, then 10% for 1 hour, "
            + "would have limited the impact to about 850,000 hosts instead of 8.5 million: 10 times fewer."
        #expect(o["sentence"] as? String == sentence)

        let analysis = try Self.object(try cli.run(["analyze", "crowdstrike-2024-07-19", "--json"]).stdout)
        let findings = try #require(analysis["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["practice"] as? String == "staged_rollout_whatif" && $0["detail"] as? String == sentence })
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func errors() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write(
            "events.jsonl",
            """
            {"time":"2024-07-19T04:10:00Z","kind":"crash","service":"api","host":"h1","incident":"INC-1"}
            {"time":"2024-07-19T04:20:00Z","kind":"incident","service":"api","incident":"INC-1","status":"declared"}

            """)
        #expect(try cli.run(["ingest", file]).status == 0)
        let malformed = try cli.run(["whatif", "INC-1", "--plan", "1%:30m,10%1h,100%"])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--plan: stage 2 '10%1h': expected SHARE%:DURATION such as 10%:1h"))
        #expect(try cli.run(["whatif", "INC-1", "--plan", "1%:30m,50%"]).status == 64)
        let noTrigger = try cli.run(["whatif", "INC-1"])
        #expect(noTrigger.status == 1)
        #expect(
            noTrigger.stderr
                == "hindsight: no trigger identified for INC-1, so there is no rollout to simulate; 'hindsight analyze INC-1' says why; "
                + "a trigger the team knows can be confirmed with 'hindsight trigger confirm INC-1 CHANGE-ID'\n")
    }
}
