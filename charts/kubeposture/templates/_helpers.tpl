{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "kubeposture.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release name unless it already contains the chart name. */}}
{{- define "kubeposture.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kubeposture.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kubeposture.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubeposture.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kubeposture.labels" -}}
helm.sh/chart: {{ include "kubeposture.chart" . }}
{{ include "kubeposture.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubeposture
{{- end }}

{{- define "kubeposture.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kubeposture.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kubeposture.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Name of the metrics Service; Prometheus names the scrape job after it, the alerts select on it. */}}
{{- define "kubeposture.metricsService" -}}
{{- printf "%s-metrics" (include "kubeposture.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* AWS access is configured when either IRSA or Pod Identity is. */}}
{{- define "kubeposture.awsConfigured" -}}
{{- if or .Values.aws.irsa.roleArn .Values.aws.podIdentity.enabled }}true{{ end }}
{{- end }}
