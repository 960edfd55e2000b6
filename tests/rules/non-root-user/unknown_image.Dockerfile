# expect: findings
FROM registry.example.com/platform/base:2.4
COPY app /usr/local/bin/app
CMD ["app"]
