// Computed filters: device, OS, browser and their versions
const {filter} = toloka;
result = filter.DeviceCategory.eq(filter.DeviceCategory.SMARTPHONE)
  .and(filter.OSFamily.eq('ANDROID'))
  .and(filter.OSVersion.gte(10.0))
  .and(filter.OSVersionMajor.gt(9))
  .and(filter.OSVersionMinor.lte(3))
  .and(filter.OSVersionBugfix.ne(1))
  .and(filter.UserAgentType.eq('MOBILE_BROWSER'))
  .and(filter.UserAgentFamily.eq('CHROME_MOBILE'))
  .and(filter.UserAgentVersion.gte(100.5))
  .and(filter.UserAgentVersionMajor.gt(99))
  .and(filter.UserAgentVersionMinor.lt(5))
  .and(filter.UserAgentVersionBugfix.eq(0))
  .and(filter.RegionByPhone.not_in(225));
