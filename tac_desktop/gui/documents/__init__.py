"""What leaves the room: a document previewed, printed and saved as it will print
(``preview``), report forms out, returned reports in and outcome summaries
(``reports``), who reads what and each reader's copy (``copies``), the distribution list
and Send (``distribution``), and the consent question asked before anything goes to an
agency (``before_sharing``)."""
