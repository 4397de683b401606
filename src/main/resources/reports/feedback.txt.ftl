${office} · 开发区反馈摘要（${date}）

自上次摘要以来收到 ${items?size} 条反馈<#if unmatched gt 0>，其中 ${unmatched} 条无法对应到开发区，请人工查看</#if>。
<#list items as f>

【${f.zone}】<#if f.notice??>关于《${f.notice}》 </#if>${f.author!""} ${f.receivedAt}
<#if f.subject??>${f.subject}
</#if>${f.body}
</#list>
