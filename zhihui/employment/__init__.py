"""Employment services (就业服务): working age and statutory retirement, zero-employment households.

The package itself imports nothing: `zhihui.employment.retirement` and
`zhihui.employment.households` are plain Python (no Django), so the policy engine and the
`zhihui employment households` command use them without starting Django.
"""
