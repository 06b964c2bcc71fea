{{- define "incident-pilot.fullname" -}}
{{ .Release.Name | trunc 50 | trimSuffix "-" }}-incident-pilot
{{- end }}

{{- define "incident-pilot.labels" -}}
app.kubernetes.io/name: incident-pilot
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "incident-pilot.selector" -}}
app.kubernetes.io/name: incident-pilot
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "incident-pilot.serviceAccountName" -}}
{{ .Values.serviceAccount.name | default (include "incident-pilot.fullname" .) }}
{{- end }}
