import Testing

@testable import Hindsight

/// The parameter table's text: the shipped one parses, a team's file is read with errors that name the line.
@Suite("Correlator parameters")
struct CorrelatorParametersTests {
    @Test func theShippedTableParsesAndReadsBackAsItself() throws {
        let shipped = CorrelatorParameters.shipped
        #expect(try CorrelatorParameters.parse(shipped.table, file: "t") == shipped)
        #expect((0...1).contains(shipped.threshold) && (0...1).contains(shipped.margin))
        for f in EvidenceRules.features { #expect(shipped.weights[f.name] != nil, "\(f.name)") }
    }

    @Test func errorsNameTheFileAndLine() {
        let good = CorrelatorParameters.shipped.table
        #expect(throws: ParameterTableError.unknownName(file: "team.tsv", line: 1, name: "timing.closenes", suggestion: "timing.closeness")) {
            try CorrelatorParameters.parse("timing.closenes 0.5\n" + good, file: "team.tsv")
        }
        #expect(throws: ParameterTableError.syntax(file: "team.tsv", line: 2, text: "timing.closeness")) {
            try CorrelatorParameters.parse("# notes\ntiming.closeness\n", file: "team.tsv")
        }
        #expect(throws: ParameterTableError.badValue(file: "t", line: 1, name: "decision.threshold", value: "1.5", expected: "between 0 and 1")) {
            try CorrelatorParameters.parse("decision.threshold 1.5\n", file: "t")
        }
        #expect(
            throws: ParameterTableError.badValue(file: "t", line: 1, name: "recovery.fell", value: "-2", expected: "at least 0 (it is evidence for a change)")
        ) {
            try CorrelatorParameters.parse("recovery.fell -2\n", file: "t")
        }
        let missing = good.split(separator: "\n").filter { !$0.hasPrefix("onset.rise") }.joined(separator: "\n")
        #expect(throws: ParameterTableError.missing(file: "t", names: ["onset.rise"])) { try CorrelatorParameters.parse(missing, file: "t") }
        #expect(
            ParameterTableError.unknownName(file: "team.tsv", line: 1, name: "timing.closenes", suggestion: "timing.closeness").description
                == "team.tsv:1: unknown parameter 'timing.closenes'; did you mean 'timing.closeness'?")
    }

    @Test func numbersAreWrittenWithFourDecimalsWhateverTheLocale() {
        #expect(CorrelatorParameters.fixed(1.23456) == "1.2346")
        #expect(CorrelatorParameters.fixed(-0.00001) == "0.0000")
        #expect(CorrelatorParameters.fixed(-2.5) == "-2.5000")
        #expect(CorrelatorParameters.fixed(0.0705) == "0.0705")
    }
}
