filedesc://seed.arc 192.0.2.1 20040506070809 text/plain 10
1 0 Seeds

http://seed.example/a 192.0.2.1 20040506070809 text/html 222
HTTP/1.0 200 OK
Content-Type: text/html

<html><head><title>Seed page</title></head><body><article><p>A seed page of our own writing, with a sentence or two, so that the extractor finds text.</p></article></body></html>
