import Testing

@testable import Hindsight

@Suite("What-if wording")
struct WhatIfWordingTests {
    @Test func hostCountsAreRoundedToTwoFiguresWithMillionsInWords() {
        #expect(WhatIfWording.about(2) == "2")
        #expect(WhatIfWording.about(99) == "99")
        #expect(WhatIfWording.about(1234) == "1,200")
        #expect(WhatIfWording.about(84_999) == "85,000")
        #expect(WhatIfWording.about(425_000) == "430,000")
        #expect(WhatIfWording.about(999_999) == "1 million")
        #expect(WhatIfWording.about(8_500_000) == "8.5 million")
        #expect(WhatIfWording.about(12_345_678) == "12 million")
    }

    @Test func factorsAndShares() {
        #expect(WhatIfWording.factor(100) == "100")
        #expect(WhatIfWording.factor(123.4) == "120")
        #expect(WhatIfWording.factor(2.54) == "2.5")
        #expect(WhatIfWording.factor(3) == "3")
        #expect(WhatIfWording.percent(0.5) == "0.5%")
        #expect(WhatIfWording.percent(100.0 / 3) == "33.33%")
    }

    @Test func spansInWords() {
        #expect(WhatIfWording.span(.minutes(30)) == "30 minutes")
        #expect(WhatIfWording.span(.hours(1)) == "1 hour")
        #expect(WhatIfWording.span(.minutes(121)) == "2 hours 1 minute")
        #expect(WhatIfWording.span(.seconds(90_061)) == "1 day 1 hour")
    }
}
