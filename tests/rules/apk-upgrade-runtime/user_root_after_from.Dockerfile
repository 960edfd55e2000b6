# expect: findings
# The fluentd image runs as `fluent`; the file switches to root to install. The upgrade goes
# after that `USER root`, where apk can write.
FROM fluentd:v1.17-1
USER root
RUN gem install fluent-plugin-s3 && apk add --no-cache curl
USER fluent
