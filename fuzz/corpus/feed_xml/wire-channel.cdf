<?xml version="1.0"?>
<CHANNEL HREF="https://bay.example/" LASTMOD="2004-01-02T00:00">
  <TITLE>Bay Channel</TITLE>
  <ITEM HREF="https://bay.example/sails" LASTMOD="2004-01-03T10:00">
    <TITLE>New sails for the old schooner</TITLE>
    <ABSTRACT>The schooner gets new sails before the regatta.</ABSTRACT>
  </ITEM>
  <CHANNEL><TITLE>Archive</TITLE>
    <ITEM HREF="https://bay.example/archive/1"><TITLE>Winter storms</TITLE></ITEM>
  </CHANNEL>
</CHANNEL>
