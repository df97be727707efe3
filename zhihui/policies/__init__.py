"""Policy packages (data + rules), one directory per jurisdiction. See docs/policy-authoring.md."""
