# escape=`
# expect: findings
FROM debian:12
RUN apt update
RUN apt-get install -y --no-install-recommends `
      curl
