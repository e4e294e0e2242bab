# Computed filters: device, OS, browser and their versions
result = (
    (toloka.filter.DeviceCategory == toloka.filter.DeviceCategory.SMARTPHONE) &
    (toloka.filter.OSFamily == 'ANDROID') &
    (toloka.filter.OSVersion >= 10.0) &
    (toloka.filter.OSVersionMajor > 9) &
    (toloka.filter.OSVersionMinor <= 3) &
    (toloka.filter.OSVersionBugfix != 1) &
    (toloka.filter.UserAgentType == 'MOBILE_BROWSER') &
    (toloka.filter.UserAgentFamily == 'CHROME_MOBILE') &
    (toloka.filter.UserAgentVersion >= 100.5) &
    (toloka.filter.UserAgentVersionMajor > 99) &
    (toloka.filter.UserAgentVersionMinor < 5) &
    (toloka.filter.UserAgentVersionBugfix == 0) &
    toloka.filter.RegionByPhone.not_in(225)
)
