<#-- 群消息 (chat message, Markdown) for robots and webhooks. Same model as the email templates. -->
### <#if urgent>【急】</#if>${office} · ${slot.name}
**${zone.name}** · ${date}（${weekday}）
<#list groups as group>

#### ${group.label}
<#list group.notices as n>
${n.number}. <#if n.urgent>【急】</#if>**${n.title}**<#if n.requiresReceipt>（需签收<#if n.receiptDeadline??>，截止 ${n.receiptDeadline}</#if>）</#if>
<#if n.text?has_content>

${n.text}
</#if>
<#if n.receiptUrl??>

[确认签收](${n.receiptUrl})
</#if>
<#if n.attachments?has_content>
附件：<#list n.attachments as a>${a}<#sep>、</#list>（见邮件）
</#if>
</#list>
</#list>
<#if receipts>

#### 公文签收情况
<#if owed?has_content>
<#list owed as o>
- ${o.title}<#if o.deadline??>（截止 ${o.deadline}<#if o.overdue>，**已逾期**</#if>）</#if> [确认签收](${o.url})
</#list>
<#else>
目前没有待签收的公文。
</#if>
</#if>
<#if lastWeek??>

#### 上周发布情况（${lastWeek.from} 至 ${lastWeek.to}）
<#list lastWeek.categories as c>
- ${c.label}：${c.notices} 条，覆盖 ${c.zones} 个开发区
</#list>
<#if lastWeek.feedback.count gt 0>
- 收到开发区反馈：${lastWeek.feedback.count} 条，来自 ${lastWeek.feedback.zones} 个开发区
</#if>
</#if>
<#if zonePage??>

[本开发区页面（公报、签收、反馈）](${zonePage})
</#if>
