${office} · 公文签收情况（${date}）
<#if documents?has_content>

<#list documents as d>
《${d.title}》截止 ${d.deadline!"—"}，已签收 ${d.signed}/${d.total}
</#list>

<#list zones as z>
<#if z.pending gt 0>
${z.name}：未签收 ${z.pending} 份<#if z.overdue gt 0>，其中逾期 ${z.overdue} 份</#if>
</#if>
</#list>
<#else>

最近没有需要签收的公文。
</#if>
