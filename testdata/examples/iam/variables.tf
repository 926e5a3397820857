variable "organization_id" {
  description = "AWS Organizations id whose accounts may assume the auditor role"
  type        = string
}
