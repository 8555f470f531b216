import Hindsight
import Testing

@Suite struct TimeSpanTests {
    @Test func parsesEachUnit() {
        #expect(TimeSpan.parse("90s")?.milliseconds == 90_000)
        #expect(TimeSpan.parse("30m")?.milliseconds == 1_800_000)
        #expect(TimeSpan.parse("6h")?.milliseconds == 21_600_000)
        #expect(TimeSpan.parse("7d")?.milliseconds == 604_800_000)
        #expect(TimeSpan.parse("2w")?.milliseconds == 1_209_600_000)
        #expect(TimeSpan.parse("500ms")?.milliseconds == 500)
        #expect(TimeSpan.parse("0s")?.milliseconds == 0)
    }

    @Test func parsesCompounds() {
        #expect(TimeSpan.parse("1h30m")?.milliseconds == 5_400_000)
        #expect(TimeSpan.parse("1m500ms")?.milliseconds == 60_500)
        #expect(TimeSpan.parse(" 2d ")?.milliseconds == 172_800_000)
    }

    @Test func rejectsWhatIsNotADuration() {
        for text in ["", " ", "10", "h", "5x", "-5m", "1.5h", "1h 30m", "24H", "9999999999999999999s"] {
            #expect(TimeSpan.parse(text) == nil, "\(text)")
        }
    }

    @Test func rejectsASumThatOverflows() {
        #expect(TimeSpan.parse("9000000000000000000ms9000000000000000000ms") == nil)
    }

    @Test func formatsShortly() {
        #expect(TimeSpan.seconds(45).description == "45s")
        #expect(TimeSpan.seconds(90).description == "1m 30s")
        #expect(TimeSpan.minutes(12).description == "12m")
        #expect(TimeSpan.minutes(78).description == "1h 18m")
        #expect(TimeSpan.hours(6).description == "6h")
        #expect((TimeSpan.days(2) + .hours(3)).description == "2d 3h")
        #expect(TimeSpan.days(7).description == "7d")
        #expect(TimeSpan(milliseconds: 500).description == "0s")
        #expect(TimeSpan.minutes(-5).description == "-5m")
    }

    @Test func convertsUnits() {
        #expect(TimeSpan.hours(24) == .days(1))
        #expect(TimeSpan(milliseconds: 72_999).seconds == 72)
        #expect(TimeSpan.minutes(1) < .seconds(61))
    }
}

extension TimeSpan {
    fileprivate static func + (a: TimeSpan, b: TimeSpan) -> TimeSpan { TimeSpan(milliseconds: a.milliseconds + b.milliseconds) }
}
