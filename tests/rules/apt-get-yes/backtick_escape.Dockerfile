# escape=`
# expect: findings
FROM debian:12
RUN apt-get install `
      --no-install-recommends curl
