from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "zhihui.skills"
    label = "skills"
    verbose_name = "技能济源"
