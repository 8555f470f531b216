import Testing

@testable import Hindsight

/// 2024-07-19T04:09:00Z in milliseconds (`date -u -d 2024-07-19T04:09:00Z +%s`).
private let crowdStrike: Int64 = 1_721_362_140_000

private func parsed(_ text: String) throws -> Timestamp {
    try Timestamp.parse(text).get()
}

private func failure(_ text: String) -> TimestampError? {
    if case .failure(let e) = Timestamp.parse(text) { return e }
    return nil
}

@Suite struct TimestampTests {
    @Test func parsesZulu() throws {
        #expect(try parsed("2024-07-19T04:09:00Z").milliseconds == crowdStrike)
        #expect(try parsed("2024-07-19t04:09:00z").milliseconds == crowdStrike)
        #expect(try parsed("2024-07-19 04:09:00Z").milliseconds == crowdStrike)
    }

    @Test func parsesOffsetsWithAndWithoutColon() throws {
        #expect(try parsed("2024-07-19T06:09:00+02:00").milliseconds == crowdStrike)
        #expect(try parsed("2024-07-19T06:09:00+0200").milliseconds == crowdStrike)
        #expect(try parsed("2024-07-19T04:09:00+0000").milliseconds == crowdStrike)
        #expect(try parsed("2024-07-19T04:09:00+00:00").milliseconds == crowdStrike)
        #expect(try parsed("2024-07-18T23:39:00-04:30").milliseconds == crowdStrike)
    }

    @Test func keepsMillisecondsAndTruncatesFinerDigits() throws {
        #expect(try parsed("2024-07-19T06:09:00.250+02:00").milliseconds == crowdStrike + 250)
        #expect(try parsed("2024-07-19T04:09:00.5Z").milliseconds == crowdStrike + 500)
        #expect(try parsed("2024-07-19T04:09:00.12Z").milliseconds == crowdStrike + 120)
        #expect(try parsed("2024-07-19T04:09:00.123999999Z").milliseconds == crowdStrike + 123)
        #expect(try parsed("2024-07-19T04:09:00.000999Z").milliseconds == crowdStrike)
    }

    @Test func rejectsATimeWithoutOffset() {
        #expect(failure("2024-07-19T04:09:00") == .missingOffset("2024-07-19T04:09:00"))
        #expect(failure("2024-07-19T04:09:00.250") == .missingOffset("2024-07-19T04:09:00.250"))
        let message = TimestampError.missingOffset("2024-07-19T04:09:00").description
        #expect(message == "'2024-07-19T04:09:00' has no UTC offset; add 'Z' or an offset such as '+02:00' (Hindsight never guesses a time zone)")
    }

    @Test func rejectsMalformedText() {
        for text in [
            "", "yesterday", "2024-7-19T04:09:00Z", "2024-07-19", "2024-07-19T04:09Z", "2024-07-19T04:09:00.Z",
            "2024-07-19T04:09:00+02", "2024-07-19T04:09:00+02:0", "2024-07-19T04:09:00Zjunk", "2024-07-19T04:09:00+25:00",
            "2024-07-19T04:09:00+02:60", "2024-07-19X04:09:00Z", "1721362140",
        ] {
            #expect(failure(text) == .malformed(text), "\(text)")
        }
    }

    @Test func rejectsImpossibleDates() {
        #expect(failure("2023-02-29T00:00:00Z") == .outOfRange("2023-02-29T00:00:00Z", component: "day"))
        #expect(failure("1900-02-29T00:00:00Z") == .outOfRange("1900-02-29T00:00:00Z", component: "day"))
        #expect(failure("2024-04-31T00:00:00Z") == .outOfRange("2024-04-31T00:00:00Z", component: "day"))
        #expect(failure("2024-01-00T00:00:00Z") == .outOfRange("2024-01-00T00:00:00Z", component: "day"))
        #expect(failure("2024-13-01T00:00:00Z") == .outOfRange("2024-13-01T00:00:00Z", component: "month"))
        #expect(failure("2024-00-01T00:00:00Z") == .outOfRange("2024-00-01T00:00:00Z", component: "month"))
        #expect(failure("2024-07-19T24:00:00Z") == .outOfRange("2024-07-19T24:00:00Z", component: "hour"))
        #expect(failure("2024-07-19T04:60:00Z") == .outOfRange("2024-07-19T04:60:00Z", component: "minute"))
        #expect(failure("2024-07-19T04:09:61Z") == .outOfRange("2024-07-19T04:09:61Z", component: "second"))
        #expect(TimestampError.outOfRange("2023-02-29T00:00:00Z", component: "day").description == "'2023-02-29T00:00:00Z' has an impossible day")
    }

    @Test func acceptsLeapDays() throws {
        #expect(try parsed("2024-02-29T12:00:00Z").milliseconds == 1_709_208_000_000)
        #expect(try parsed("2000-02-29T00:00:00Z").milliseconds == 951_782_400_000)
        #expect(try parsed("2024-03-01T00:00:00Z").milliseconds - (try parsed("2024-02-28T00:00:00Z").milliseconds) == 2 * 86_400_000)
        #expect(try parsed("2023-03-01T00:00:00Z").milliseconds - (try parsed("2023-02-28T00:00:00Z").milliseconds) == 86_400_000)
    }

    @Test func keepsALeapSecondInsideItsMinute() throws {
        #expect(try parsed("2016-12-31T23:59:60Z") == (try parsed("2016-12-31T23:59:59Z")))
    }

    @Test func formatsToSecondsUnlessMillisecondsAreNonZero() {
        #expect(Timestamp(milliseconds: crowdStrike).rfc3339 == "2024-07-19T04:09:00Z")
        #expect(Timestamp(milliseconds: crowdStrike + 250).rfc3339 == "2024-07-19T04:09:00.250Z")
        #expect(Timestamp(milliseconds: crowdStrike + 7).rfc3339 == "2024-07-19T04:09:00.007Z")
        #expect(Timestamp(milliseconds: crowdStrike).description == "2024-07-19T04:09:00Z")
        #expect(Timestamp(milliseconds: 0).rfc3339 == "1970-01-01T00:00:00Z")
        #expect(Timestamp(milliseconds: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
    }

    @Test func formatsAtAnOffset() {
        let t = Timestamp(milliseconds: crowdStrike)
        #expect(t.format(offsetMinutes: 120) == "2024-07-19T06:09:00+02:00")
        #expect(t.format(offsetMinutes: -270) == "2024-07-18T23:39:00-04:30")
        #expect(t.format(offsetMinutes: 0, millis: true) == "2024-07-19T04:09:00.000Z")
        #expect(Timestamp(milliseconds: crowdStrike + 250).format(offsetMinutes: 0, millis: false) == "2024-07-19T04:09:00Z")
    }

    @Test func roundTripsThroughText() throws {
        for ms: Int64 in [0, crowdStrike, crowdStrike + 1, 951_782_400_000, -86_400_001, 4_102_444_799_999] {
            #expect(try parsed(Timestamp(milliseconds: ms).rfc3339).milliseconds == ms)
        }
    }

    @Test func givesComponents() {
        let c = Timestamp(milliseconds: crowdStrike + 59_000).components(offsetMinutes: 120)
        #expect([c.year, c.month, c.day, c.hour, c.minute, c.second] == [2024, 7, 19, 6, 9, 59])
    }

    @Test func doesArithmeticWithSpans() {
        let t = Timestamp(milliseconds: crowdStrike)
        #expect((t + .minutes(90)).rfc3339 == "2024-07-19T05:39:00Z")
        #expect((t - .days(1)).rfc3339 == "2024-07-18T04:09:00Z")
        #expect((t + .seconds(72)) - t == .seconds(72))
    }
}
