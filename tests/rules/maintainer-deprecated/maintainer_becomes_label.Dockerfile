# expect: findings
FROM alpine:3.21
MAINTAINER Jane Doe <jane@example.com>

# Quotes, `$` and backslashes are kept literally, as MAINTAINER reads them.
MAINTAINER  "The Team" $USER C:\builds   
ONBUILD MAINTAINER Downstream <team@example.com>
RUN echo done
