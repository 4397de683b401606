<#-- 邮件主题 (subject). Model: office, slot.name, date, weekday, zone.name, urgent -->
<#if urgent>【急】</#if>【${office}】${slot.name}（${date}）
