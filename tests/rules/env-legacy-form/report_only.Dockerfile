# expect: findings
FROM alpine:3.21
# Quotes next to unquoted blanks: no single form of the value is certain.
ENV MIXED "quoted" and not
ENV ESCAPED a\ b c
ENV UNCLOSED 'open quote
