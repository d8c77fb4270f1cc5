/// The emulator's Bot Framework signing keys: demo keys generated for the emulator alone (they sign nothing
/// outside tests and `packctl dev`). The first is published in the JWKS; the second is not, so a token it signs is
/// "wrongly signed".
enum MSTeamsBotKeys {
    /// The key id of the published key.
    static let publishedKeyID = "emulator-bot-key-1"
    /// The published key.
    static let published = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEpQIBAAKCAQEA3+njIoeSjSqCQjk5HEeaXvGpwVD7WFc0AFonU0ttJnUJ5hOs
        fWAuAzG5w7haR7P8mxGY2ElBb4KoROjhpyxwUHJ3GfnxAT9MNQ0iXF5NTwCOhxWj
        uc4hl6vJNFWa1SnnRhSKRw97dfTijY9RsXw5I2LcxpZqp+Tjld+araVLuqnl72FM
        vM5/t47ooSr5FiZdJ5xPEibD3uJkFlYb6lNC2e7s+Z9+bgNKuLrGN2NPxY7rLe1m
        tjLYPnhVrj4bk66TOZKji4zzv4rpX1OkRs9zO8S3aqDVWr7l+ZJcn6X9y+VqHexZ
        EwfljjrGH9R9K+9HAPCOKfZBhHeO4VONEJr/BQIDAQABAoIBAGggP2Bk1FlyTa3X
        J4BHqfmB/zOnYaL0tnl9czEwb7tFDQvh1UJekjcpDh5+ofkbMZq5Ja9a7aOaCn81
        Hw6bQ0Wd3VYGnbU7Rsia6YIz1lapRx55iTBUM9nw6Hm+X2jGekbkMWOXRw4VCa/T
        2KUlQ/r5M/rjowidj9o36BndNui/z76tyznSb1g7MtrZexU/1eQwFNL59ywSB2Zr
        WUkGz2ALN2cg1xmzpuTVgOFglobgJevXhyPkYH1g3Pihq39q36iPj1c11ntGnE3W
        WXou1wQ01JiyZyXBFZiarsQ7mzpNpk+pC8Eu2+em2UBAi7yAFlD2mWgK5ebMk+l8
        lJPHQKcCgYEA8Ye0XRI4qD2/8zDBAM/2QYXZ3WDKrJbmezVQiYzcARvMW05BLmBu
        i5hfWlWY0bX3lFnILzcyk96adWugAN3rMx5/oNpMXUgwcYxn6cE4AX8eDNW5QoPZ
        UoYK4dbMUsAPxWmyTWozbYsRzSLuKFTcDPuXhdhJzTYyGwrwfopK4/cCgYEA7VQA
        qtc2dH+LkuuZnnB5SWx+9HQsHROq7BJG2qoJ5i5Ai2iYbxpdFF1Zibx9zmO8YEhq
        3FHksxZgiKQIz8LTfXFpM+9DXuduxAp9OZ7kxsPBI+wiLUmP48P25sDq6Mg7qeAx
        bqErFF9Z5yZa4m/mguCLVRBMe0e8gLFm9TznPeMCgYEAvdAYPsyDGjTtFQHLrAfD
        T9sRTJk0rk4o88sCcBbzDyv5fggR0ZCXT71/sk5yutx2pW+pkvGeHfdjC8R5CjVd
        Ed92DcOBIA4LhDEDuQDQMtzjkNKltVBJCkGta66TBLVLr6lRJuW/ZOdWJhC9eZS3
        GrzeZ6GC3nMpDXebaNbl5CECgYEAlOktVgSdXXGeAPylMf2+jGxwKDAwcboid+dr
        383rUitZQl/JrYSsPJfqE3tasMJxszQdIMqdpiT3QyUxhjLngoFDkluhOQ4buRQf
        yKTDRVgUetayBxpuF2qhI96ORqtEjG1odtLXdfvyLBAr3IJ770i3BBOq+Xtkcpdd
        U6j4KyMCgYEA4rYxE/HqBN6p4TYvPZFZ1wHrQ6yz1JGTp/EX+1qmxLWU6RJf2AY+
        XmOMLc4e62Qp8PuhjfKCTIfZulgGLOOdCrcHeNrrTfryz6xzy/wlhfczCQNSHGyK
        oBuIqpmoq0WvESSV4+EEsTG+zFZRinz7THaJksAv9uwK3axq0uHGuuo=
        -----END RSA PRIVATE KEY-----
        """
    /// A key the JWKS does not hold.
    static let unpublished = """
        -----BEGIN PRIVATE KEY-----
        MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDdsLA3IpOCiPqz
        vojCHVA846fa9MH4y4AFmXjX5JWBFJZQknC8Nx6jEWfcTHFLBf8Suv7SamjrlHd/
        WY49xQw+xDDGqWPJi+dCRr52eli0tjJmVfEMMtFTYu7qxPWAjELdt5TheuiiXKkl
        +V9ElkWNeqezBxgNRXqOeEcUiYJ3uesBx+/FjCLea5Kd4bTcN877fxSrsfmD+Nm6
        ByHS2ODqGfhhuht/tmv8hz9TSM+FRtNa5RO2tOXY9X9roF1bcGZq1Kpmg3olLMzM
        Jm2QkNP/cy2qd7m/TJGrcaWXqKMsCgJxYEhXppt1KtHDRF4d/T50wr9dZLvULKFE
        SsW/ofS9AgMBAAECggEAI8RFcefIr8dE12oWq2bKUsCSDM/vWaIPehfMONy+yDAX
        nlE6Egu8jCebP54vqyCBCjcUNMOJQPTXoLrEqa+Yban+ipa6rEI/oeBDC19q32ED
        2aHk/YhXYGI2VLdJOp+mjBn50bUgQk271o4YsjqiZxSSaN5soXuDree25BfZblJK
        Fy2wQ78Pct9psmOrDfkWh8vfOVpeuln1p7M6z4Aa+TfMJrvxjeeL+hXAN6qCYB92
        wMRBM6iFKjXDinzkpmXSH0/jaUX3yqLkts0lprxb8MKjGZkXUtB5XsPH968dC0OG
        TYU8D0wyLyukH19j2/YyhO8hn1XZobTZqqlnFzOrSwKBgQD8+bgjBi1ej1yKd2Wi
        0PMCRFNFT6Qygq7PT1ZP8moqRkfVR7cXabLsXIJLrm/gGA/BxaeIi1C85WUTMzu3
        U2nXy3AS3Z9pula/NfprDHUWvaDKegjj5eyb75xeWf+bvwhGpJlATq/fj/0iDS0N
        /tDgezGfFb+IDn39WIgoyZhwnwKBgQDgVzbg5J+vZ2HrCnN29Dpjfsj0PYVYAI7v
        LMv/OB3Jh3Zwd/ZMRrNTOus4P8iBu7yfRmhcxTOMMEzkD5xLmC5x7cb+el3uVk/8
        VMrNSjsHQa/RHZ2y1FsZ3RJh5gZe7dWYLwnwFs57mtp9GM0J5mVitHzofD7TJ6qc
        t718fbARIwKBgE778QAOd6/kdvJMoREayCTXDGDBovSaVNYpYTuI5pjYZKk0wPew
        asrdf1j917RSDuljOxGo3cZ8oPhDsMtmYc+clxts0s8B/P+qbMtrkktNXZyaSZhO
        O3fccigLVYFdPcpArhCkAMl+fXxaPMz32GOeUznmYmyqia/GKo0BlHTlAoGAbSuD
        1STsYFsa11oankRzNX+5IsHdZdm/tLxD+UrBlBSLmmeGP9AX6+S8Gn9Pf3Jwc8G7
        f4mncA0BHepK0K6Zy28+aw/5LcZq3gwVNJlu6DUa7dRPrXqRaqCeFW3uo7txOcGK
        QH+Ys6XDtSSggrTPmZzjO+9aUz72U5VGbJJtX6kCgYBK+G8kPONRRZVwjp6gMqsB
        6mFsfYe4SOs5GmBMhrkbJoi5+4M2OOeGkHsrSUnYuOkIMv3qN5VqqLFqKkqYWt8x
        IAuUnk7tCVpnwSQKLpH2Mc9Ds56VoRnMFBd9J2AuxAOfc/hr2rWdxur1vtlisblF
        zbohhisQA43xw160yasYEg==
        -----END PRIVATE KEY-----
        """
}
