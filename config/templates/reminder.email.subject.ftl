<#-- 签收提醒的邮件主题 (subject of a receipt reminder): one notice per reminder. -->
<#assign n = groups[0].notices[0]>【签收提醒】${n.title}<#if n.receiptDeadline??>（请于 ${n.receiptDeadline} 前签收）</#if>
