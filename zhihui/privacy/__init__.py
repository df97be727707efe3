"""Personal information through its life cycle (PIPL, GB/T 35273): the privacy notice, consent
records, the inventory of personal fields, retention and purge, rights requests, exports with a
purpose and a watermark, and the register of data shared with other bodies. docs/privacy.md."""
