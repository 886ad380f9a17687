"""Currency codes a plan file may price in: ISO 4217's (a typo such as ``CYN`` would load, and every plan
of the file would then compare with no plan in yuan, left out of answers and what-ifs in CNY)."""

import difflib

ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN
NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL
SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES
VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
""".split())
"""The active codes of ISO 4217's list one (currencies and funds; not gold, test or no-currency codes)."""

NOT_ISO_CURRENCIES = {"RMB": ("CNY", "the yuan (renminbi)"), "NTD": ("TWD", "the New Taiwan dollar"),
                      "UKP": ("GBP", "the pound sterling")}
"""Names of currencies that look like ISO 4217 codes and are not: what each is written as."""


CURRENCY_WORDS = {**dict.fromkeys(("人民币", "元", "¥", "￥", "圆"), "CNY"),
                  **dict.fromkeys(("美元", "$", "US$"), "USD"), **dict.fromkeys(("港币", "港元", "HK$"), "HKD"),
                  "欧元": "EUR", "€": "EUR", "英镑": "GBP", "£": "GBP", "日元": "JPY", "新台币": "TWD", "澳门币": "MOP"}
"""What people write for a currency in place of its code (``currency: 人民币``)."""


def code_for(written: str) -> str | None:
    """The ISO 4217 code a currency written otherwise than as one means (``人民币``, ``¥``, ``cny``, ``rmb``), if
    any."""
    text = written.strip()
    upper = text.upper()
    if upper in NOT_ISO_CURRENCIES:
        return NOT_ISO_CURRENCIES[upper][0]
    return upper if upper in ISO_4217 else CURRENCY_WORDS.get(text)


def currency_problem(code: str) -> str | None:
    """Why ``code`` is no currency a plan file may use (None: it is one)."""
    if code in NOT_ISO_CURRENCIES:
        iso, name = NOT_ISO_CURRENCIES[code]
        return f"{code} is not an ISO 4217 code: {name} is {iso}"
    if code in ISO_4217:
        return None
    close = difflib.get_close_matches(code, sorted(ISO_4217), n=1, cutoff=0.6)
    return f"{code} is not an ISO 4217 currency code" + (f" (a typo of {close[0]}?)" if close else "")
