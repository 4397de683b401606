<#-- 邮件纯文本正文 (plain-text body). Notice bodies appear as plain text (their Markdown read out). -->
${zone.name}：

<#if reminder>以下公文贵单位尚未签收，请在签收截止日期前点击链接确认签收。<#elseif urgent>以下为紧急通知，请尽快阅办。<#else>以下为${office}${slot.name}（${date}，${weekday}）。</#if>
<#list groups as group>

【${group.label}】
<#list group.notices as n>
${n.number}. <#if n.urgent>【急】</#if>${n.title}<#if n.requiresReceipt>（需签收<#if n.receiptDeadline??>，截止 ${n.receiptDeadline}</#if>）</#if>
<#if n.plain?has_content>
${n.plain}
</#if>
<#if n.receiptUrl??>
确认签收：${n.receiptUrl}
</#if>
<#list n.attachments as a>
附件：${a}
</#list>
</#list>
</#list>
<#if receipts>

【公文签收情况】
<#if owed?has_content>
贵单位尚有以下公文未签收：
<#list owed as o>
- ${o.title}<#if o.deadline??>（截止 ${o.deadline}<#if o.overdue>，已逾期</#if>）</#if>
  确认签收：${o.url}
</#list>
<#else>
目前没有待签收的公文。
</#if>
</#if>
<#if lastWeek??>

【上周发布情况】${lastWeek.from} 至 ${lastWeek.to}
<#list lastWeek.categories as c>
${c.label}：${c.notices} 条，覆盖 ${c.zones} 个开发区
</#list>
<#if lastWeek.feedback.count gt 0>
收到开发区反馈：${lastWeek.feedback.count} 条，来自 ${lastWeek.feedback.zones} 个开发区
</#if>
</#if>

<#if zonePage??>
本开发区的公报、待签收公文和反馈：${zonePage}

</#if>
${office}
