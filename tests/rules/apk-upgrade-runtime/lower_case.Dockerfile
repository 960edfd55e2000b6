# expect: findings
from alpine:3.21
copy app /srv/app/
cmd ["/srv/app/run"]
