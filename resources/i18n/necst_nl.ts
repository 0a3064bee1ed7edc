<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>ActionTreeModel</name>
    <message>
        <source>Recomputed</source>
        <translation>Herberekend</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>Could not re-read the plan: {exc}</source>
        <translation>De planning kon niet opnieuw worden gelezen: {exc}</translation>
    </message>
    <message>
        <source>Not saved: {exc}</source>
        <translation>Niet opgeslagen: {exc}</translation>
    </message>
</context>
<context>
    <name>AuditViewer</name>
    <message>
        <source>Audit trail — NECST Suite Planner</source>
        <translation>Audittrail — NECST Suite Planner</translation>
    </message>
    <message>
        <source>any record</source>
        <translation>elk record</translation>
    </message>
    <message>
        <source>from</source>
        <translation>van</translation>
    </message>
    <message>
        <source>to</source>
        <translation>tot</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tonen</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Gebruiker</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Audittrail</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Handtekeningen</translation>
    </message>
    <message>
        <source>Hash chain not verified yet.</source>
        <translation>Hashketen nog niet gecontroleerd.</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Keten controleren</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>Exporteren naar Excel…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Exporteren naar PDF…</translation>
    </message>
    <message>
        <source>Exporting the audit trail needs the manager, QA or admin role.</source>
        <translation>Voor het exporteren van de audittrail is de rol manager, QA of beheerder nodig.</translation>
    </message>
    <message>
        <source>Cannot read the audit trail: {exc}</source>
        <translation>De audittrail kan niet worden gelezen: {exc}</translation>
    </message>
    <message>
        <source>{len} actions · {len2} signatures ({sum} valid)</source>
        <translation>{len} handelingen · {len2} handtekeningen ({sum} geldig)</translation>
    </message>
    <message>
        <source>Export audit trail</source>
        <translation>Audittrail exporteren</translation>
    </message>
    <message>
        <source>Audit trail exported to {out}</source>
        <translation>Audittrail geëxporteerd naar {out}</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password — NECST Suite Planner</source>
        <translation>Wachtwoord wijzigen — NECST Suite Planner</translation>
    </message>
    <message>
        <source>&lt;b&gt;{username} must choose a new password:&lt;/b&gt; the current one was set by an administrator (a first password or a reset). Choose one that only you know before you continue.</source>
        <translation>&lt;b&gt;{username} moet een nieuw wachtwoord kiezen:&lt;/b&gt; het huidige is door een beheerder ingesteld (een eerste wachtwoord of een reset). Kies een wachtwoord dat alleen u kent voordat u verdergaat.</translation>
    </message>
    <message>
        <source>Change the password of {username}.</source>
        <translation>Wijzig het wachtwoord van {username}.</translation>
    </message>
    <message>
        <source>&lt;br&gt;At least {MIN_PASSWORD} characters.</source>
        <translation>&lt;br&gt;Minstens {MIN_PASSWORD} tekens.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Huidig wachtwoord</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nieuw wachtwoord</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>Herhaal nieuw wachtwoord</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>De twee nieuwe wachtwoorden verschillen.</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>Het nieuwe wachtwoord moet verschillen van het huidige.</translation>
    </message>
    <message>
        <source>The new password {message}.</source>
        <translation>Het nieuwe wachtwoord: {message}.</translation>
    </message>
</context>
<context>
    <name>ClientLegend</name>
    <message>
        <source>Clients:</source>
        <translation>Klanten:</translation>
    </message>
    <message>
        <source>{name}: click to find its bookings</source>
        <translation>{name}: klik om de boekingen te vinden</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed by {who}</source>
        <translation>Gewijzigd door {who}</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>iemand anders</translation>
    </message>
    <message>
        <source>&lt;b&gt;{sentence}.&lt;/b&gt; {rest}&lt;br&gt;Compare both versions and choose:</source>
        <translation>&lt;b&gt;{sentence}.&lt;/b&gt; {rest}&lt;br&gt;Vergelijk beide versies en kies:</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>When you opened it</source>
        <translation>Toen u het opende</translation>
    </message>
    <message>
        <source>Saved by them (now)</source>
        <translation>Door hen opgeslagen (nu)</translation>
    </message>
    <message>
        <source>Yours (not saved)</source>
        <translation>Van u (niet opgeslagen)</translation>
    </message>
    <message>
        <source>Both of you changed this field.</source>
        <translation>U hebt dit veld allebei gewijzigd.</translation>
    </message>
    <message>
        <source>⚠ both changed it</source>
        <translation>⚠ beiden gewijzigd</translation>
    </message>
    <message>
        <source>Reload theirs</source>
        <translation>Hun versie laden</translation>
    </message>
    <message>
        <source>Drop your change and show the saved version.</source>
        <translation>Uw wijziging vervalt; de opgeslagen versie wordt getoond.</translation>
    </message>
    <message>
        <source>Re-apply mine on top</source>
        <translation>Mijn wijziging erbovenop toepassen</translation>
    </message>
    <message>
        <source>Save your change as a new change on top of theirs (recorded in the audit trail).</source>
        <translation>Uw wijziging opslaan als nieuwe wijziging bovenop die van hen (vastgelegd in de audittrail).</translation>
    </message>
</context>
<context>
    <name>ConvergencePlot</name>
    <message>
        <source>objective and bound appear here while solving</source>
        <translation>doelwaarde en grens verschijnen hier tijdens het oplossen</translation>
    </message>
    <message>
        <source>objective (lower is better)</source>
        <translation>doelwaarde (lager is beter)</translation>
    </message>
    <message>
        <source>bound</source>
        <translation>grens</translation>
    </message>
    <message>
        <source>gap {gap:.0f}</source>
        <translation>verschil {gap:.0f}</translation>
    </message>
</context>
<context>
    <name>DatabasePasswordDialog</name>
    <message>
        <source>Database password — NECST Suite Planner</source>
        <translation>Databasewachtwoord — NECST Suite Planner</translation>
    </message>
    <message>
        <source>The database server needs the password of&lt;br&gt;&lt;b&gt;{display_url}&lt;/b&gt;</source>
        <translation>De databaseserver vraagt het wachtwoord van&lt;br&gt;&lt;b&gt;{display_url}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Remember it in the system keyring</source>
        <translation>Onthouden in de sleutelbos van het systeem</translation>
    </message>
    <message>
        <source>No system keyring on this computer: asked at each start</source>
        <translation>Geen sleutelbos op deze computer: bij elke start gevraagd</translation>
    </message>
</context>
<context>
    <name>EarliestDialog</name>
    <message>
        <source>Earliest slot for {code}</source>
        <translation>Vroegste plek voor {code}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{code}&lt;/b&gt; · {days:g} days · needs {needs}&lt;br&gt;&lt;small&gt;Earliest start in each eligible suite that keeps every hard rule, with the changeovers before and after it.&lt;/small&gt;</source>
        <translation>&lt;b&gt;{code}&lt;/b&gt; · {days:g} dagen · vereist {needs}&lt;br&gt;&lt;small&gt;Vroegste start in elke geschikte suite die aan elke harde regel voldoet, met de omstellingen ervoor en erna.&lt;/small&gt;</translation>
    </message>
    <message>
        <source>any suite</source>
        <translation>elke suite</translation>
    </message>
    <message>
        <source>Move it there</source>
        <translation>Daarheen verplaatsen</translation>
    </message>
    <message>
        <source>Plan it there</source>
        <translation>Daar inplannen</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>First day</source>
        <translation>Eerste dag</translation>
    </message>
    <message>
        <source>Day after the last</source>
        <translation>Dag na de laatste</translation>
    </message>
    <message>
        <source>Paper (landscape)</source>
        <translation>Papier (liggend)</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find campaign, client, product or suite</source>
        <translation>Zoek campagne, klant, product of suite</translation>
    </message>
    <message>
        <source>Words to find on the plan (all must match). Enter shows the next booking found; Esc clears.</source>
        <translation>Woorden om in de planning te zoeken (alle moeten overeenkomen). Enter toont de volgende gevonden boeking; Esc wist.</translation>
    </message>
    <message>
        <source>Hide the rest</source>
        <translation>De rest verbergen</translation>
    </message>
    <message>
        <source>nothing found</source>
        <translation>niets gevonden</translation>
    </message>
    <message>
        <source>1 booking found</source>
        <translation>1 boeking gevonden</translation>
    </message>
    <message>
        <source>{n} bookings found</source>
        <translation>{n} boekingen gevonden</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import {kind} from {name}</source>
        <translation>{kind} importeren uit {name}</translation>
    </message>
    <message>
        <source>{len} rows checked, no errors: {changes} to create or update. Nothing is saved until you press Import.</source>
        <translation>{len} rijen gecontroleerd, geen fouten: {changes} aan te maken of bij te werken. Er wordt niets opgeslagen tot u op Importeren drukt.</translation>
    </message>
    <message>
        <source>{len} problem(s) found: nothing can be imported until the file is corrected.</source>
        <translation>{len} probleem/problemen gevonden: er kan niets worden geïmporteerd tot het bestand is verbeterd.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Rij</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Handeling</translation>
    </message>
    <message>
        <source>Problems (sheet, cell, value, reason):</source>
        <translation>Problemen (werkblad, cel, waarde, reden):</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
</context>
<context>
    <name>Interaction</name>
    <message>
        <source>&lt;b&gt;Cannot drop here:&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;Kan hier niet neerzetten:&lt;/b&gt; {reason}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Drop here:&lt;/b&gt; {where}&lt;br&gt;{span}</source>
        <translation>&lt;b&gt;Hier neerzetten:&lt;/b&gt; {where}&lt;br&gt;{span}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Reading the plan…</source>
        <translation>De planning wordt gelezen…</translation>
    </message>
    <message>
        <source>The plan could not be read.</source>
        <translation>De planning kon niet worden gelezen.</translation>
    </message>
    <message>
        <source>not planned</source>
        <translation>niet ingepland</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <source> (pinned)</source>
        <translation> (vastgezet)</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Klant</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modaliteit</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Dagen</translation>
    </message>
    <message>
        <source>Earliest start</source>
        <translation>Vroegste start</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Uiterste datum</translation>
    </message>
    <message>
        <source> (hard)</source>
        <translation> (hard)</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Ingepland</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Vereist</translation>
    </message>
    <message>
        <source>Suite</source>
        <translation>Suite</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>Voorzieningen</translation>
    </message>
    <message>
        <source>Max gowned</source>
        <translation>Max. omgekleed</translation>
    </message>
    <message>
        <source>Area m²</source>
        <translation>Oppervlak m²</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Geboekt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Einde</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Uren</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>Vastgezet</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Save it now</source>
        <translation>Nu opslaan</translation>
    </message>
    <message>
        <source>Discard it</source>
        <translation>Verwerpen</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <source>Suites</source>
        <translation>Suites</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Planning</translation>
    </message>
    <message>
        <source>Plan check</source>
        <translation>Planningscontrole</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>Rooster</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Bezetting</translation>
    </message>
    <message>
        <source>Master data</source>
        <translation>Stamgegevens</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;Database settings…</source>
        <translation>&amp;Database-instellingen…</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>Opnieuw &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>S&amp;witch user…</source>
        <translation>&amp;Gebruiker wisselen…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Af&amp;melden</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>&amp;Wachtwoord wijzigen…</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>Nu &amp;vergrendelen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>Be&amp;werken</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Ongedaan maken</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>Opnieuw &amp;uitvoeren</translation>
    </message>
    <message>
        <source>&amp;Pin / unpin campaign</source>
        <translation>Campagne &amp;vastzetten / losmaken</translation>
    </message>
    <message>
        <source>&amp;Cancel campaign…</source>
        <translation>Campagne &amp;annuleren…</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>&amp;Planning</translation>
    </message>
    <message>
        <source>&amp;Check plan</source>
        <translation>Planning &amp;controleren</translation>
    </message>
    <message>
        <source>&amp;Optimize…</source>
        <translation>&amp;Optimaliseren…</translation>
    </message>
    <message>
        <source>&amp;Why here?</source>
        <translation>&amp;Waarom hier?</translation>
    </message>
    <message>
        <source>&amp;Earliest slot…</source>
        <translation>&amp;Vroegste plek…</translation>
    </message>
    <message>
        <source>&amp;Publish week…</source>
        <translation>Week &amp;publiceren…</translation>
    </message>
    <message>
        <source>QA &amp;release of changeover…</source>
        <translation>QA-&amp;vrijgave van omstelling…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtra</translation>
    </message>
    <message>
        <source>&amp;Audit trail…</source>
        <translation>&amp;Audittrail…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About NECST Suite Planner</source>
        <translation>&amp;Over NECST Suite Planner</translation>
    </message>
    <message>
        <source>{len} suites · {len2} campaigns · {len3} unplanned · change #{seq}</source>
        <translation>{len} suites · {len2} campagnes · {len3} niet ingepland · wijziging #{seq}</translation>
    </message>
    <message>
        <source>Signed in as {name} ({username} · {roles})</source>
        <translation>Aangemeld als {name} ({username} · {roles})</translation>
    </message>
    <message>
        <source>Signed in as {username} (sign-in optional on this workstation)</source>
        <translation>Aangemeld als {username} (aanmelden is optioneel op deze werkplek)</translation>
    </message>
    <message>
        <source>Session locked.</source>
        <translation>Sessie vergrendeld.</translation>
    </message>
    <message>
        <source>Unlocked.</source>
        <translation>Ontgrendeld.</translation>
    </message>
    <message>
        <source>Connection to the database restored; the plan is up to date.</source>
        <translation>Verbinding met de database hersteld; de planning is actueel.</translation>
    </message>
    <message>
        <source>⚠ Connection to the database lost — reconnecting…</source>
        <translation>⚠ Verbinding met de database verbroken — opnieuw verbinden…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Connection to the database lost — reconnecting…&lt;/b&gt; You can keep looking at the plan; changes cannot be saved until the connection is back.</source>
        <translation>&lt;b&gt;Verbinding met de database verbroken — opnieuw verbinden…&lt;/b&gt; U kunt de planning blijven bekijken; wijzigingen kunnen pas worden opgeslagen als de verbinding terug is.</translation>
    </message>
    <message>
        <source>Your change “{title}” was not saved and is kept</source>
        <translation>Uw wijziging “{title}” is niet opgeslagen en wordt bewaard</translation>
    </message>
    <message>
        <source>: save it once the connection is back.</source>
        <translation>: sla hem op zodra de verbinding terug is.</translation>
    </message>
    <message>
        <source>. The connection is back: save it now (it is checked against the latest version) or discard it.</source>
        <translation>. De verbinding is terug: sla hem nu op (hij wordt getoetst aan de nieuwste versie) of verwerp hem.</translation>
    </message>
    <message>
        <source>Undo anyway on top of theirs</source>
        <translation>Toch ongedaan maken bovenop hun wijziging</translation>
    </message>
    <message>
        <source>Redo anyway on top of theirs</source>
        <translation>Toch opnieuw uitvoeren bovenop hun wijziging</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Gebruiker wisselen</translation>
    </message>
    <message>
        <source>Sign in as another user.</source>
        <translation>Meld u aan als een andere gebruiker.</translation>
    </message>
    <message>
        <source>Signed in as {username}.</source>
        <translation>Aangemeld als {username}.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Aanmelden</translation>
    </message>
    <message>
        <source>Signed out. Sign in to continue.</source>
        <translation>Afgemeld. Meld u aan om verder te gaan.</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>Wachtwoord gewijzigd.</translation>
    </message>
    <message>
        <source>Cancel campaign</source>
        <translation>Campagne annuleren</translation>
    </message>
    <message>
        <source>A reason is required to cancel a campaign.</source>
        <translation>Voor het annuleren van een campagne is een reden verplicht.</translation>
    </message>
    <message>
        <source>✔ The plan breaks no rule.</source>
        <translation>✔ De planning overtreedt geen enkele regel.</translation>
    </message>
    <message>
        <source>Not planned yet: {join}</source>
        <translation>Nog niet ingepland: {join}</translation>
    </message>
    <message>
        <source>The plan breaks no rule.</source>
        <translation>De planning overtreedt geen enkele regel.</translation>
    </message>
    <message>
        <source>The plan breaks {len} rule(s).</source>
        <translation>De planning overtreedt {len} regel(s).</translation>
    </message>
    <message>
        <source>Select a campaign first.</source>
        <translation>Selecteer eerst een campagne.</translation>
    </message>
    <message>
        <source>Why is {code} here?</source>
        <translation>Waarom staat {code} hier?</translation>
    </message>
    <message>
        <source>Select a campaign or an unplanned request first.</source>
        <translation>Selecteer eerst een campagne of een niet-ingeplande aanvraag.</translation>
    </message>
    <message>
        <source>The database setting is saved. It takes effect the next time NECST Suite Planner starts.</source>
        <translation>De database-instelling is opgeslagen. Ze geldt vanaf de volgende start van NECST Suite Planner.</translation>
    </message>
    <message>
        <source>About {APP_TITLE}</source>
        <translation>Over {APP_TITLE}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{APP_TITLE} {version__}&lt;/h3&gt;&lt;p&gt;Plans cleanroom suites, changeovers, cleaning and staff of a GMP cell and gene therapy facility.&lt;/p&gt;&lt;p&gt;Database: {display_url}&lt;br&gt;Qt for Python {pyside_version}&lt;/p&gt;&lt;p&gt;Every change is recorded in the audit trail (EU GMP Annex 11, 21 CFR Part 11).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{APP_TITLE} {version__}&lt;/h3&gt;&lt;p&gt;Plant cleanroomsuites, omstellingen, schoonmaak en personeel van een GMP-faciliteit voor cel- en gentherapie.&lt;/p&gt;&lt;p&gt;Database: {display_url}&lt;br&gt;Qt for Python {pyside_version}&lt;/p&gt;&lt;p&gt;Elke wijziging wordt vastgelegd in de audittrail (EU GMP Annex 11, 21 CFR Part 11).&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MasterDataPanel</name>
    <message>
        <source>New…</source>
        <translation>Nieuw…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bewerken…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Changeover matrix&lt;/b&gt; (hours; rows: what ran before, columns: what runs next; = same product)</source>
        <translation>&lt;b&gt;Omstellingsmatrix&lt;/b&gt; (uren; rijen: wat ervoor liep, kolommen: wat daarna loopt; = hetzelfde product)</translation>
    </message>
    <message>
        <source>{mark}{duration_hours:g} h</source>
        <translation>{mark}{duration_hours:g} u</translation>
    </message>
</context>
<context>
    <name>NestedTable</name>
    <message>
        <source>Add row</source>
        <translation>Rij toevoegen</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>Rij verwijderen</translation>
    </message>
    <message>
        <source>row {n}, {field}</source>
        <translation>rij {n}, {field}</translation>
    </message>
    <message>
        <source>{where}: &apos;{text}&apos; is not a whole number</source>
        <translation>{where}: &apos;{text}&apos; is geen geheel getal</translation>
    </message>
    <message>
        <source>{where}: &apos;{text}&apos; is not a date (YYYY-MM-DD)</source>
        <translation>{where}: &apos;{text}&apos; is geen datum (JJJJ-MM-DD)</translation>
    </message>
    <message>
        <source>row {n}: {message}</source>
        <translation>rij {n}: {message}</translation>
    </message>
</context>
<context>
    <name>OptimizeDialog</name>
    <message>
        <source>Optimize the plan</source>
        <translation>De planning optimaliseren</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Deze week</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>Volgende week</translation>
    </message>
    <message>
        <source>Next 4 weeks</source>
        <translation>Komende 4 weken</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>Periode</translation>
    </message>
    <message>
        <source>to</source>
        <translation>tot</translation>
    </message>
    <message>
        <source>Horizon</source>
        <translation>Horizon</translation>
    </message>
    <message>
        <source>Nothing moves before</source>
        <translation>Niets verschuift vóór</translation>
    </message>
    <message>
        <source>&lt;small&gt;Pinned campaigns never move; campaigns already running stay where they are.&lt;/small&gt;</source>
        <translation>&lt;small&gt;Vastgezette campagnes verschuiven nooit; lopende campagnes blijven waar ze zijn.&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Priorities, due dates and changeover time (weighted)</source>
        <translation>Prioriteiten, uiterste datums en omsteltijd (gewogen)</translation>
    </message>
    <message>
        <source>Finish everything as early as possible (makespan)</source>
        <translation>Alles zo vroeg mogelijk klaar (doorlooptijd)</translation>
    </message>
    <message>
        <source>What matters most</source>
        <translation>Wat het zwaarst weegt</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>Tijdslimiet</translation>
    </message>
    <message>
        <source>Plan around the staff: where qualified people are short, campaigns move</source>
        <translation>Rekening houden met personeel: waar gekwalificeerde mensen ontbreken, verschuiven campagnes</translation>
    </message>
    <message>
        <source>The optimizer also rosters the operators (qualifications, leave, working-time law) and moves campaigns that could not be staffed. Keeps to the time limit. The roster it makes is shown, not saved: roster the staff from the Roster view.</source>
        <translation>De optimalisator roostert ook de operators in (kwalificaties, verlof, arbeidstijdenwet) en verschuift campagnes die niet te bemensen zijn. Houdt zich aan de tijdslimiet. Het rooster dat hij maakt wordt getoond, niet opgeslagen: rooster het personeel in via het tabblad Rooster.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personeel</translation>
    </message>
    <message>
        <source>Choose what to optimize and press Solve. Nothing changes until you accept the result.</source>
        <translation>Kies wat u wilt optimaliseren en druk op Oplossen. Er verandert niets tot u het resultaat accepteert.</translation>
    </message>
    <message>
        <source>Solve</source>
        <translation>Oplossen</translation>
    </message>
    <message>
        <source>Cancel solve</source>
        <translation>Oplossen afbreken</translation>
    </message>
    <message>
        <source>Accept plan</source>
        <translation>Planning accepteren</translation>
    </message>
    <message>
        <source>The horizon must end after it starts.</source>
        <translation>De horizon moet eindigen na het begin.</translation>
    </message>
    <message>
        <source>No open campaign touches this horizon; nothing to optimize.</source>
        <translation>Geen open campagne valt in deze horizon; er is niets te optimaliseren.</translation>
    </message>
    <message>
        <source>Solving {len} campaigns ({fixed} of them fixed where they are) in a separate process (at most {seconds} s{together})…</source>
        <translation>{len} campagnes worden opgelost ({fixed} daarvan blijven staan) in een apart proces (hoogstens {seconds} s{together})…</translation>
    </message>
    <message>
        <source>, suites and staff together</source>
        <translation>, suites en personeel samen</translation>
    </message>
    <message>
        <source>Stopping: the optimizer is writing the best plan found so far…</source>
        <translation>Stoppen: de optimalisator schrijft de beste planning tot nu toe weg…</translation>
    </message>
    <message>
        <source>The optimizer could not be started ({solver_program}); the plan is unchanged.</source>
        <translation>De optimalisator kon niet worden gestart ({solver_program}); de planning is ongewijzigd.</translation>
    </message>
    <message>
        <source>Solve cancelled before the optimizer had a plan to keep; the plan is unchanged.</source>
        <translation>Oplossen afgebroken voordat de optimalisator een planning had om te bewaren; de planning is ongewijzigd.</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>is vastgelopen</translation>
    </message>
    <message>
        <source>failed (exit code {code})</source>
        <translation>is mislukt (afsluitcode {code})</translation>
    </message>
    <message>
        <source>The optimizer {how}. Your plan is unchanged; the window is fine. {detail}</source>
        <translation>De optimalisator {how}. Uw planning is ongewijzigd; het venster werkt gewoon. {detail}</translation>
    </message>
    <message>
        <source>The optimizer gave no readable result ({exc}); the plan is unchanged.</source>
        <translation>De optimalisator gaf geen leesbaar resultaat ({exc}); de planning is ongewijzigd.</translation>
    </message>
    <message>
        <source>Stopped early; this is the best plan found so far. </source>
        <translation>Vroegtijdig gestopt; dit is de beste planning tot nu toe. </translation>
    </message>
    <message>
        <source>The result cannot be applied: {exc}</source>
        <translation>Het resultaat kan niet worden toegepast: {exc}</translation>
    </message>
    <message>
        <source>{status}: {moved} moved, {added} planned, {removed} taken off, {unplanned} unplanned · changeover hours in the result {after:.0f} (plan now {now:.0f})</source>
        <translation>{status}: {moved} verplaatst, {added} ingepland, {removed} eraf gehaald, {unplanned} niet ingepland · omsteluren in het resultaat {after:.0f} (planning nu {now:.0f})</translation>
    </message>
    <message>
        <source> · lateness penalties {total:.0f}</source>
        <translation> · boetes voor te laat {total:.0f}</translation>
    </message>
    <message>
        <source> · nothing would change</source>
        <translation> · er zou niets veranderen</translation>
    </message>
    <message>
        <source>conflict: {line}</source>
        <translation>conflict: {line}</translation>
    </message>
</context>
<context>
    <name>PublishWeekDialog</name>
    <message>
        <source>plan approved for {week_key}: the bookings, changeovers and cleans of that week as they are now</source>
        <translation>planning goedgekeurd voor {week_key}: de boekingen, omstellingen en schoonmaken van die week zoals ze nu zijn</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>Edit {kind}</source>
        <translation>{kind} bewerken</translation>
    </message>
    <message>
        <source>New {kind}</source>
        <translation>Nieuw: {kind}</translation>
    </message>
    <message>
        <source>{n} item(s)</source>
        <translation>{n} item(s)</translation>
    </message>
    <message>
        <source>&lt;small&gt;{shown}; edited elsewhere&lt;/small&gt;</source>
        <translation>&lt;small&gt;{shown}; elders bewerkt&lt;/small&gt;</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(geen)</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>gescheiden door komma&apos;s</translation>
    </message>
</context>
<context>
    <name>ReleaseChangeoverDialog</name>
    <message>
        <source>Every changeover is released already.</source>
        <translation>Elke omstelling is al vrijgegeven.</translation>
    </message>
    <message>
        <source>changeover released: QA confirms this changeover may go ahead (line clearance and cleaning as specified)</source>
        <translation>omstelling vrijgegeven: QA bevestigt dat deze omstelling mag doorgaan (lijnvrijgave en schoonmaak zoals voorgeschreven)</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Hours / contract</source>
        <translation>Uren / contract</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Signalen</translation>
    </message>
    <message>
        <source>above contract</source>
        <translation>boven contract</translation>
    </message>
    <message>
        <source>{value} expires {date}</source>
        <translation>{value} verloopt {date}</translation>
    </message>
    <message>
        <source>{kind} until {date}</source>
        <translation>{kind} tot {date}</translation>
    </message>
    <message>
        <source>Days off: {days}</source>
        <translation>Vrije dagen: {days}</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… en nog {n}</translation>
    </message>
    <message>
        <source>leave</source>
        <translation>verlof</translation>
    </message>
    <message>
        <source>Drag to another operator or day to reassign.</source>
        <translation>Sleep naar een andere operator of dag om opnieuw toe te wijzen.</translation>
    </message>
</context>
<context>
    <name>RosterView</name>
    <message>
        <source>&lt;b&gt;Cannot drop here:&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;Kan hier niet neerzetten:&lt;/b&gt; {reason}</translation>
    </message>
    <message>
        <source>Not changed: drop a shift on an operator&apos;s day.</source>
        <translation>Niet gewijzigd: zet een dienst neer op een dag van een operator.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not changed:&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;Niet gewijzigd:&lt;/b&gt; {reason}</translation>
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation>Niet gewijzigd: {reason}</translation>
    </message>
    <message>
        <source>Reassigned {what}. Ctrl+Z undoes it.</source>
        <translation>Opnieuw toegewezen: {what}. Ctrl+Z maakt het ongedaan.</translation>
    </message>
</context>
<context>
    <name>ServiceUndoCommand</name>
    <message>
        <source>Undone: {title}. Ctrl+Y redoes it.</source>
        <translation>Ongedaan gemaakt: {title}. Ctrl+Y voert het opnieuw uit.</translation>
    </message>
    <message>
        <source>Redone: {title}. Ctrl+Z undoes it.</source>
        <translation>Opnieuw uitgevoerd: {title}. Ctrl+Z maakt het ongedaan.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Database settings</source>
        <translation>Database-instellingen</translation>
    </message>
    <message>
        <source>One workstation: leave empty to use the embedded file
{default_db_path}
A whole facility: postgresql://user@server:5432/necst (the password is kept in the system keyring, never in this file).</source>
        <translation>Eén werkplek: laat leeg om het ingebouwde bestand te gebruiken
{default_db_path}
Een hele faciliteit: postgresql://gebruiker@server:5432/necst (het wachtwoord staat in de sleutelbos van het systeem, nooit in dit bestand).</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbinding testen</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>PostgreSQL password (leave empty to keep the stored one)</source>
        <translation>PostgreSQL-wachtwoord (leeg laten om het opgeslagen wachtwoord te houden)</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Stored in the system keyring.</source>
        <translation>Opgeslagen in de sleutelbos van het systeem.</translation>
    </message>
    <message>
        <source>This computer has no system keyring: the password is asked at each start.</source>
        <translation>Deze computer heeft geen sleutelbos: het wachtwoord wordt bij elke start gevraagd.</translation>
    </message>
    <message>
        <source>Sessions (this facility)</source>
        <translation>Sessies (deze faciliteit)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Lock after idle</source>
        <translation>Vergrendelen na inactiviteit</translation>
    </message>
    <message>
        <source>The local user may work without signing in (single workstation, SQLite only)</source>
        <translation>De lokale gebruiker mag werken zonder aan te melden (één werkplek, alleen SQLite)</translation>
    </message>
    <message>
        <source>Only a manager or an administrator may change these.</source>
        <translation>Alleen een manager of een beheerder mag dit wijzigen.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Taal van het systeem</translation>
    </message>
    <message>
        <source>Takes effect the next time NECST Suite Planner starts.</source>
        <translation>Geldt vanaf de volgende start van NECST Suite Planner.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>The embedded database file will be used.</source>
        <translation>Het ingebouwde databasebestand wordt gebruikt.</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Verbonden.</translation>
    </message>
    <message>
        <source>Connected; the password is stored in the system keyring.</source>
        <translation>Verbonden; het wachtwoord is opgeslagen in de sleutelbos van het systeem.</translation>
    </message>
    <message>
        <source>Connected. No system keyring on this computer: the password will be asked at each start.</source>
        <translation>Verbonden. Geen sleutelbos op deze computer: het wachtwoord wordt bij elke start gevraagd.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>{title} — NECST Suite Planner</source>
        <translation>{title} — NECST Suite Planner</translation>
    </message>
    <message>
        <source>Sign in to plan the facility.</source>
        <translation>Meld u aan om de faciliteit te plannen.</translation>
    </message>
    <message>
        <source>Database: {url}</source>
        <translation>Database: {url}</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>gebruikersnaam</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>No user of this database has a password yet. An administrator sets one with:  necst user reset-password admin --db &lt;this database&gt;</source>
        <translation>Nog geen enkele gebruiker van deze database heeft een wachtwoord. Een beheerder stelt er een in met:  necst user reset-password admin --db &lt;deze database&gt;</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Aanmelden</translation>
    </message>
    <message>
        <source>Continue as {username}</source>
        <translation>Doorgaan als {username}</translation>
    </message>
    <message>
        <source>Sign-in is optional on this workstation (a setting of the facility); your changes are recorded under this name.</source>
        <translation>Aanmelden is optioneel op deze werkplek (een instelling van de faciliteit); uw wijzigingen worden onder deze naam vastgelegd.</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>Your user id and password are the two components of your electronic signature. It is the legally binding equivalent of your handwritten signature, is recorded with your printed name, the date and time and its meaning, and is bound to exactly the version signed: any later change shows it as superseded.</source>
        <translation>Uw gebruikers-id en wachtwoord zijn de twee onderdelen van uw elektronische handtekening. Die is het juridisch bindende equivalent van uw handgeschreven handtekening, wordt vastgelegd met uw naam in blokletters, de datum en tijd en de betekenis ervan, en is gebonden aan precies de ondertekende versie: elke latere wijziging toont haar als vervangen.</translation>
    </message>
    <message>
        <source>{title} — electronic signature</source>
        <translation>{title} — elektronische handtekening</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Ondertekenen</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Betekenis</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Gebruikers-id</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>There is nothing to sign.</source>
        <translation>Er is niets te ondertekenen.</translation>
    </message>
    <message>
        <source>Publish week</source>
        <translation>Week publiceren</translation>
    </message>
    <message>
        <source>plan approved — the week&apos;s bookings, changeovers and cleans as they are now</source>
        <translation>planning goedgekeurd — de boekingen, omstellingen en schoonmaken van de week zoals ze nu zijn</translation>
    </message>
    <message>
        <source>QA release of changeover</source>
        <translation>QA-vrijgave van omstelling</translation>
    </message>
    <message>
        <source>changeover released</source>
        <translation>omstelling vrijgegeven</translation>
    </message>
</context>
<context>
    <name>StepList</name>
    <message>
        <source>Add</source>
        <translation>Toevoegen</translation>
    </message>
    <message>
        <source>new step</source>
        <translation>nieuwe stap</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Omhoog</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Omlaag</translation>
    </message>
</context>
<context>
    <name>TimelinePainter</name>
    <message>
        <source>CO</source>
        <translation>OS</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>schoonmaak</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>onderhoud</translation>
    </message>
    <message>
        <source>week {wk} · {day}</source>
        <translation>week {wk} · {day}</translation>
    </message>
    <message>
        <source>w{wk} {day}</source>
        <translation>wk{wk} {day}</translation>
    </message>
    <message>
        <source>snap: {unit} · {zoom}</source>
        <translation>uitlijnen: {unit} · {zoom}</translation>
    </message>
    <message>
        <source>Status: {status}{pinned} · priority {priority}</source>
        <translation>Status: {status}{pinned} · prioriteit {priority}</translation>
    </message>
    <message>
        <source> · pinned</source>
        <translation> · vastgezet</translation>
    </message>
    <message>
        <source>Due: {when}{hard}</source>
        <translation>Uiterlijk: {when}{hard}</translation>
    </message>
    <message>
        <source> (hard)</source>
        <translation> (hard)</translation>
    </message>
    <message>
        <source>Needs: {join}</source>
        <translation>Vereist: {join}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{kind}&lt;/b&gt; {label}</source>
        <translation>&lt;b&gt;{kind}&lt;/b&gt; {label}</translation>
    </message>
    <message>
        <source>Steps: </source>
        <translation>Stappen: </translation>
    </message>
    <message>
        <source>Suite: {name}</source>
        <translation>Suite: {name}</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Zoom out (-)</source>
        <translation>Uitzoomen (-)</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Inzoomen (+)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Passend</translation>
    </message>
    <message>
        <source>Show the whole plan (Ctrl+0)</source>
        <translation>De hele planning tonen (Ctrl+0)</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Vandaag</translation>
    </message>
    <message>
        <source>Scroll to now</source>
        <translation>Naar nu scrollen</translation>
    </message>
    <message>
        <source>Snap to</source>
        <translation>Uitlijnen op</translation>
    </message>
    <message>
        <source>changeover</source>
        <translation>omstelling</translation>
    </message>
    <message>
        <source>cleaning</source>
        <translation>schoonmaak</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>onderhoud</translation>
    </message>
    <message>
        <source>dashed = tentative</source>
        <translation>gestippeld = voorlopig</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>vastgezet</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>waarschuwing</translation>
    </message>
    <message>
        <source>shaded = weekend / night</source>
        <translation>gearceerd = weekend / nacht</translation>
    </message>
    <message>
        <source>&lt;b&gt;Unplanned requests&lt;/b&gt;</source>
        <translation>&lt;b&gt;Niet-ingeplande aanvragen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Unplanned requests ({len})&lt;/b&gt;&lt;br&gt;&lt;small&gt;drag one onto a suite&lt;/small&gt;</source>
        <translation>&lt;b&gt;Niet-ingeplande aanvragen ({len})&lt;/b&gt;&lt;br&gt;&lt;small&gt;sleep er een naar een suite&lt;/small&gt;</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>hour</source>
        <translation>uur</translation>
    </message>
    <message>
        <source>shift</source>
        <translation>dienst</translation>
    </message>
    <message>
        <source>day</source>
        <translation>dag</translation>
    </message>
    <message>
        <source>The plan checker is not available: {exc}</source>
        <translation>De planningscontrole is niet beschikbaar: {exc}</translation>
    </message>
    <message>
        <source>Zoom: {zoom}</source>
        <translation>Zoom: {zoom}</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>uren</translation>
    </message>
    <message>
        <source>shifts</source>
        <translation>diensten</translation>
    </message>
    <message>
        <source>days</source>
        <translation>dagen</translation>
    </message>
    <message>
        <source>weeks</source>
        <translation>weken</translation>
    </message>
    <message>
        <source>months</source>
        <translation>maanden</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not changed:&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;Niet gewijzigd:&lt;/b&gt; {reason}</translation>
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation>Niet gewijzigd: {reason}</translation>
    </message>
    <message>
        <source>The plan checker failed ({exc}); the fast checks passed.</source>
        <translation>De planningscontrole is mislukt ({exc}); de snelle controles zijn geslaagd.</translation>
    </message>
    <message>
        <source> · {n} changeover change(s)</source>
        <translation> · {n} omstelling(en) gewijzigd</translation>
    </message>
    <message>
        <source> · {n} warning(s) to re-plan (cleaning)</source>
        <translation> · {n} waarschuwing(en) om opnieuw te plannen (schoonmaak)</translation>
    </message>
    <message>
        <source>{label}: done{changeovers}{warnings}. Ctrl+Z undoes it.</source>
        <translation>{label}: klaar{changeovers}{warnings}. Ctrl+Z maakt het ongedaan.</translation>
    </message>
    <message>
        <source>Cancel campaign</source>
        <translation>Campagne annuleren</translation>
    </message>
    <message>
        <source>a reason is required to cancel a campaign</source>
        <translation>voor het annuleren van een campagne is een reden verplicht</translation>
    </message>
    <message>
        <source>Cancelled {codes}; their suite time is free. Ctrl+Z undoes it.</source>
        <translation>{codes} geannuleerd; hun suitetijd is vrij. Ctrl+Z maakt het ongedaan.</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Losmaken</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Vastzetten</translation>
    </message>
    <message>
        <source>Cancel campaign…</source>
        <translation>Campagne annuleren…</translation>
    </message>
    <message>
        <source>Why here?</source>
        <translation>Waarom hier?</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Inzoomen</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Uitzoomen</translation>
    </message>
    <message>
        <source>Fit the plan</source>
        <translation>Hele planning tonen</translation>
    </message>
</context>
<context>
    <name>TransferActions</name>
    <message>
        <source>campaign requests</source>
        <translation>campagneaanvragen</translation>
    </message>
    <message>
        <source>operators and qualifications</source>
        <translation>operators en kwalificaties</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xporteren</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importeren</translation>
    </message>
    <message>
        <source>Roster (Excel)…</source>
        <translation>Rooster (Excel)…</translation>
    </message>
    <message>
        <source>Suite schedule (Excel)…</source>
        <translation>Suiteschema (Excel)…</translation>
    </message>
    <message>
        <source>Client workbook (Excel)…</source>
        <translation>Klantwerkmap (Excel)…</translation>
    </message>
    <message>
        <source>Calendar of an operator or client (iCal)…</source>
        <translation>Agenda van een operator of klant (iCal)…</translation>
    </message>
    <message>
        <source>Timeline or roster (PDF)…</source>
        <translation>Tijdlijn of rooster (PDF)…</translation>
    </message>
    <message>
        <source>Import template (Excel)…</source>
        <translation>Importsjabloon (Excel)…</translation>
    </message>
    <message>
        <source>Campaign requests (Excel)…</source>
        <translation>Campagneaanvragen (Excel)…</translation>
    </message>
    <message>
        <source>Operators and qualifications (Excel)…</source>
        <translation>Operators en kwalificaties (Excel)…</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Niet toegestaan</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>{path} geschreven</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporteren</translation>
    </message>
    <message>
        <source>Export roster</source>
        <translation>Rooster exporteren</translation>
    </message>
    <message>
        <source>Save roster</source>
        <translation>Rooster opslaan</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export suite schedule</source>
        <translation>Suiteschema exporteren</translation>
    </message>
    <message>
        <source>Save schedule</source>
        <translation>Schema opslaan</translation>
    </message>
    <message>
        <source>Export a client&apos;s workbook</source>
        <translation>Werkmap van een klant exporteren</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Klant</translation>
    </message>
    <message>
        <source>Save client workbook</source>
        <translation>Klantwerkmap opslaan</translation>
    </message>
    <message>
        <source>Operator {code} - {name}</source>
        <translation>Operator {code} - {name}</translation>
    </message>
    <message>
        <source>Client {code} - {name}</source>
        <translation>Klant {code} - {name}</translation>
    </message>
    <message>
        <source>Export a calendar</source>
        <translation>Een agenda exporteren</translation>
    </message>
    <message>
        <source>Calendar of</source>
        <translation>Agenda van</translation>
    </message>
    <message>
        <source>Save calendar</source>
        <translation>Agenda opslaan</translation>
    </message>
    <message>
        <source>iCalendar (*.ics)</source>
        <translation>iCalendar (*.ics)</translation>
    </message>
    <message>
        <source>Print to PDF</source>
        <translation>Afdrukken naar PDF</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>Rooster</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>PDF opslaan</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Import template</source>
        <translation>Importsjabloon</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Voor</translation>
    </message>
    <message>
        <source>Campaign requests</source>
        <translation>Campagneaanvragen</translation>
    </message>
    <message>
        <source>Operators and qualifications</source>
        <translation>Operators en kwalificaties</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>Sjabloon opslaan</translation>
    </message>
    <message>
        <source>Import {kind}</source>
        <translation>{kind} importeren</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-werkmap (*.xlsx)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
    <message>
        <source>{name} cannot be imported: {exc}

Nothing was changed.</source>
        <translation>{name} kan niet worden geïmporteerd: {exc}

Er is niets gewijzigd.</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Session locked — NECST Suite Planner</source>
        <translation>Sessie vergrendeld — NECST Suite Planner</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Quit NECST Suite Planner</source>
        <translation>NECST Suite Planner afsluiten</translation>
    </message>
    <message>
        <source>&lt;b&gt;The session of {name} ({username}) was locked after inactivity.&lt;/b&gt;&lt;br&gt;Open windows and unsaved entries are kept. Enter your password to continue.</source>
        <translation>&lt;b&gt;De sessie van {name} ({username}) is vergrendeld na inactiviteit.&lt;/b&gt;&lt;br&gt;Open vensters en niet-opgeslagen invoer blijven bewaard. Voer uw wachtwoord in om verder te gaan.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Doorgaan</translation>
    </message>
    <message>
        <source>&lt;b&gt;Locked after inactivity.&lt;/b&gt;&lt;br&gt;Working as {username}: sign-in is optional on this workstation, so no password is asked.</source>
        <translation>&lt;b&gt;Vergrendeld na inactiviteit.&lt;/b&gt;&lt;br&gt;U werkt als {username}: aanmelden is optioneel op deze werkplek, dus er wordt geen wachtwoord gevraagd.</translation>
    </message>
    <message>
        <source>Cannot check the password now: {exc}</source>
        <translation>Het wachtwoord kan nu niet worden gecontroleerd: {exc}</translation>
    </message>
</context>
<context>
    <name>UnplannedList</name>
    <message>
        <source> · due {day}</source>
        <translation> · uiterlijk {day}</translation>
    </message>
    <message>
        <source>{code}
{modality} · {days:g} d · from {day}{due}</source>
        <translation>{code}
{modality} · {days:g} d · vanaf {day}{due}</translation>
    </message>
    <message>
        <source>{name}
Needs: {x}
Drag onto a suite row to plan it.</source>
        <translation>{name}
Vereist: {x}
Sleep naar de rij van een suite om in te plannen.</translation>
    </message>
    <message>
        <source>any suite</source>
        <translation>elke suite</translation>
    </message>
</context>
<context>
    <name>UtilisationChart</name>
    <message>
        <source>booked</source>
        <translation>geboekt</translation>
    </message>
    <message>
        <source>changeover</source>
        <translation>omstelling</translation>
    </message>
    <message>
        <source>cleaning</source>
        <translation>schoonmaak</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>onderhoud</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>vrij</translation>
    </message>
    <message>
        <source>hours per suite and week (real elapsed hours; DST weeks have 167 or 169)</source>
        <translation>uren per suite en week (werkelijk verstreken uren; weken met zomertijdwissel hebben 167 of 169)</translation>
    </message>
    <message>
        <source>w{week} {day}</source>
        <translation>wk{week} {day}</translation>
    </message>
    <message>
        <source>{suite}, week of {day} ({hours:g} h)</source>
        <translation>{suite}, week van {day} ({hours:g} u)</translation>
    </message>
    <message>
        <source>idle: {hours:.0f} h</source>
        <translation>vrij: {hours:.0f} u</translation>
    </message>
</context>
<context>
    <name>_Cover</name>
    <message>
        <source>Locked</source>
        <translation>Vergrendeld</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>No password given for {display_url}.</source>
        <translation>Geen wachtwoord opgegeven voor {display_url}.</translation>
    </message>
    <message>
        <source>The server refused this password.</source>
        <translation>De server weigerde dit wachtwoord.</translation>
    </message>
    <message>
        <source>This database is empty: creating the demo facility and letting the optimizer plan it (a few seconds, once)…</source>
        <translation>Deze database is leeg: de demofaciliteit wordt aangemaakt en door de optimalisator ingepland (enkele seconden, eenmalig)…</translation>
    </message>
    <message>
        <source>This was an empty database, so the demo facility was created: {summary} Every change you make is recorded in the audit trail.</source>
        <translation>Dit was een lege database, dus de demofaciliteit is aangemaakt: {summary} Elke wijziging die u maakt wordt vastgelegd in de audittrail.</translation>
    </message>
    <message>
        <source>{exc}

Check File → Database settings, or start with --db pointing at another database.</source>
        <translation>{exc}

Controleer Bestand → Database-instellingen, of start met --db naar een andere database.</translation>
    </message>
</context>
<context>
    <name>audit_viewer</name>
    <message>
        <source> (and {x} more)</source>
        <translation> (en nog {x})</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Change #</source>
        <translation>Wijziging #</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Gebruiker</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Handeling</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Wat is gewijzigd</translation>
    </message>
    <message>
        <source>Recomputed</source>
        <translation>Herberekend</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Ondertekend</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>Naam in blokletters</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Gebruikers-id</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Betekenis</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Content hash</source>
        <translation>Inhoudshash</translation>
    </message>
</context>
<context>
    <name>commands</name>
    <message>
        <source>Move booking</source>
        <translation>Boeking verplaatsen</translation>
    </message>
    <message>
        <source>Change booking end</source>
        <translation>Einde van boeking wijzigen</translation>
    </message>
    <message>
        <source>Change booking start</source>
        <translation>Begin van boeking wijzigen</translation>
    </message>
    <message>
        <source>Plan campaign</source>
        <translation>Campagne inplannen</translation>
    </message>
    <message>
        <source>Cancel campaign</source>
        <translation>Campagne annuleren</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Vastzetten</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Losmaken</translation>
    </message>
</context>
<context>
    <name>editors</name>
    <message>
        <source>Suites</source>
        <translation>Suites</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Klanten</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Producten</translation>
    </message>
    <message>
        <source>Changeover rules</source>
        <translation>Omstelregels</translation>
    </message>
    <message>
        <source>Cleaning rules</source>
        <translation>Schoonmaakregels</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>Diensten</translation>
    </message>
    <message>
        <source>Operators &amp; qualifications</source>
        <translation>Operators &amp; kwalificaties</translation>
    </message>
    <message>
        <source>Working-time rules</source>
        <translation>Arbeidstijdregels</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>command</source>
        <translation>opdracht</translation>
    </message>
    <message>
        <source>plan week</source>
        <translation>planningsweek</translation>
    </message>
    <message>
        <source>area m2</source>
        <translation>oppervlak m2</translation>
    </message>
    <message>
        <source>campaign</source>
        <translation>campagne</translation>
    </message>
    <message>
        <source>campaign id</source>
        <translation>campagne-id</translation>
    </message>
    <message>
        <source>capabilities</source>
        <translation>voorzieningen</translation>
    </message>
    <message>
        <source>changeover rule</source>
        <translation>omstelregel</translation>
    </message>
    <message>
        <source>clean hold hours</source>
        <translation>schoon-houdtijd (uren)</translation>
    </message>
    <message>
        <source>cleaning rule</source>
        <translation>schoonmaakregel</translation>
    </message>
    <message>
        <source>client</source>
        <translation>klant</translation>
    </message>
    <message>
        <source>client id</source>
        <translation>klant-id</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>kleur</translation>
    </message>
    <message>
        <source>contact email</source>
        <translation>e-mailadres contactpersoon</translation>
    </message>
    <message>
        <source>contract hours week</source>
        <translation>contracturen per week</translation>
    </message>
    <message>
        <source>count</source>
        <translation>aantal</translation>
    </message>
    <message>
        <source>day</source>
        <translation>dag</translation>
    </message>
    <message>
        <source>days off</source>
        <translation>vrije dagen</translation>
    </message>
    <message>
        <source>dependency</source>
        <translation>afhankelijkheid</translation>
    </message>
    <message>
        <source>detail</source>
        <translation>toelichting</translation>
    </message>
    <message>
        <source>due</source>
        <translation>uiterste datum</translation>
    </message>
    <message>
        <source>due is hard</source>
        <translation>uiterste datum is hard</translation>
    </message>
    <message>
        <source>duration hours</source>
        <translation>duur (uren)</translation>
    </message>
    <message>
        <source>earliest start</source>
        <translation>vroegste start</translation>
    </message>
    <message>
        <source>end</source>
        <translation>einde</translation>
    </message>
    <message>
        <source>every days</source>
        <translation>elke zoveel dagen</translation>
    </message>
    <message>
        <source>expires</source>
        <translation>verloopt</translation>
    </message>
    <message>
        <source>facility</source>
        <translation>faciliteit</translation>
    </message>
    <message>
        <source>failed logins</source>
        <translation>mislukte aanmeldingen</translation>
    </message>
    <message>
        <source>from day</source>
        <translation>vanaf dag</translation>
    </message>
    <message>
        <source>from key</source>
        <translation>van (sleutel)</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>volledige naam</translation>
    </message>
    <message>
        <source>grade</source>
        <translation>klasse</translation>
    </message>
    <message>
        <source>idle lock minutes</source>
        <translation>vergrendelen na inactiviteit (minuten)</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>soort</translation>
    </message>
    <message>
        <source>label</source>
        <translation>omschrijving</translation>
    </message>
    <message>
        <source>leave</source>
        <translation>verlof</translation>
    </message>
    <message>
        <source>local sign in optional</source>
        <translation>lokaal aanmelden optioneel</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>geblokkeerd</translation>
    </message>
    <message>
        <source>max avg 16 weeks</source>
        <translation>max. gemiddelde over 16 weken</translation>
    </message>
    <message>
        <source>max avg 4 weeks</source>
        <translation>max. gemiddelde over 4 weken</translation>
    </message>
    <message>
        <source>max consecutive days</source>
        <translation>max. aaneengesloten dagen</translation>
    </message>
    <message>
        <source>max night shifts per week</source>
        <translation>max. nachtdiensten per week</translation>
    </message>
    <message>
        <source>max occupancy</source>
        <translation>max. bezetting</translation>
    </message>
    <message>
        <source>max shift hours</source>
        <translation>max. uren per dienst</translation>
    </message>
    <message>
        <source>max week hours</source>
        <translation>max. uren per week</translation>
    </message>
    <message>
        <source>max weekends per 4 weeks</source>
        <translation>max. weekenden per 4 weken</translation>
    </message>
    <message>
        <source>min consecutive days off</source>
        <translation>min. aaneengesloten vrije dagen</translation>
    </message>
    <message>
        <source>min hours week</source>
        <translation>min. uren per week</translation>
    </message>
    <message>
        <source>min lag hours</source>
        <translation>min. wachttijd (uren)</translation>
    </message>
    <message>
        <source>min rest hours</source>
        <translation>min. rusttijd (uren)</translation>
    </message>
    <message>
        <source>modality</source>
        <translation>modaliteit</translation>
    </message>
    <message>
        <source>must change password</source>
        <translation>moet wachtwoord wijzigen</translation>
    </message>
    <message>
        <source>name</source>
        <translation>naam</translation>
    </message>
    <message>
        <source>night</source>
        <translation>nacht</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>opmerkingen</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>operator</translation>
    </message>
    <message>
        <source>operator id</source>
        <translation>operator-id</translation>
    </message>
    <message>
        <source>password hash</source>
        <translation>wachtwoordhash</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>vastgezet</translation>
    </message>
    <message>
        <source>planning buffer hours</source>
        <translation>planningsbuffer (uren)</translation>
    </message>
    <message>
        <source>predecessor id</source>
        <translation>voorganger-id</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>prioriteit</translation>
    </message>
    <message>
        <source>product</source>
        <translation>product</translation>
    </message>
    <message>
        <source>product id</source>
        <translation>product-id</translation>
    </message>
    <message>
        <source>qualification</source>
        <translation>kwalificatie</translation>
    </message>
    <message>
        <source>qualifications</source>
        <translation>kwalificaties</translation>
    </message>
    <message>
        <source>released</source>
        <translation>vrijgegeven</translation>
    </message>
    <message>
        <source>required capabilities</source>
        <translation>vereiste voorzieningen</translation>
    </message>
    <message>
        <source>roles</source>
        <translation>rollen</translation>
    </message>
    <message>
        <source>roster assignment</source>
        <translation>roostertoewijzing</translation>
    </message>
    <message>
        <source>same product</source>
        <translation>hetzelfde product</translation>
    </message>
    <message>
        <source>shift</source>
        <translation>dienst</translation>
    </message>
    <message>
        <source>shift code</source>
        <translation>dienstcode</translation>
    </message>
    <message>
        <source>shifts</source>
        <translation>diensten</translation>
    </message>
    <message>
        <source>short rest hours</source>
        <translation>korte rusttijd (uren)</translation>
    </message>
    <message>
        <source>short rests per 7 days</source>
        <translation>korte rusttijden per 7 dagen</translation>
    </message>
    <message>
        <source>slot</source>
        <translation>tijdvak</translation>
    </message>
    <message>
        <source>slot id</source>
        <translation>tijdvak-id</translation>
    </message>
    <message>
        <source>source</source>
        <translation>bron</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>personeel</translation>
    </message>
    <message>
        <source>staff count</source>
        <translation>aantal personen</translation>
    </message>
    <message>
        <source>staffing</source>
        <translation>bemensing</translation>
    </message>
    <message>
        <source>start</source>
        <translation>start</translation>
    </message>
    <message>
        <source>status</source>
        <translation>status</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>stappen</translation>
    </message>
    <message>
        <source>successor id</source>
        <translation>opvolger-id</translation>
    </message>
    <message>
        <source>suite</source>
        <translation>suite</translation>
    </message>
    <message>
        <source>suite durations</source>
        <translation>duur per suite</translation>
    </message>
    <message>
        <source>suite id</source>
        <translation>suite-id</translation>
    </message>
    <message>
        <source>timezone</source>
        <translation>tijdzone</translation>
    </message>
    <message>
        <source>to day</source>
        <translation>tot dag</translation>
    </message>
    <message>
        <source>to key</source>
        <translation>naar (sleutel)</translation>
    </message>
    <message>
        <source>tolerance days</source>
        <translation>tolerantie (dagen)</translation>
    </message>
    <message>
        <source>user</source>
        <translation>gebruiker</translation>
    </message>
    <message>
        <source>username</source>
        <translation>gebruikersnaam</translation>
    </message>
    <message>
        <source>weekend count</source>
        <translation>aantal weekenden</translation>
    </message>
    <message>
        <source>weekly rest hours</source>
        <translation>wekelijkse rusttijd (uren)</translation>
    </message>
    <message>
        <source>window end</source>
        <translation>einde venster</translation>
    </message>
    <message>
        <source>window start</source>
        <translation>begin venster</translation>
    </message>
    <message>
        <source>working time rules</source>
        <translation>arbeidstijdregels</translation>
    </message>
</context>
<context>
    <name>fit</name>
    <message>
        <source>{items} and {n} more</source>
        <translation>{items} en nog {n}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>geannuleerd</translation>
    </message>
    <message>
        <source>Why is {codes} {what}? (kept in the audit trail)</source>
        <translation>Waarom is {codes} {what}? (wordt bewaard in de audittrail)</translation>
    </message>
    <message>
        <source>Why are these {len} campaigns {what}? (kept in the audit trail)
</source>
        <translation>Waarom zijn deze {len} campagnes {what}? (wordt bewaard in de audittrail)
</translation>
    </message>
</context>
<context>
    <name>layout</name>
    <message>
        <source>Something went wrong ({error}); nothing was changed.</source>
        <translation>Er ging iets mis ({error}); er is niets gewijzigd.</translation>
    </message>
    <message>
        <source>Viral vector (BSL-2)</source>
        <translation>Virale vector (BSL-2)</translation>
    </message>
    <message>
        <source>Isolator</source>
        <translation>Isolator</translation>
    </message>
    <message>
        <source>Open processing (BSC)</source>
        <translation>Open verwerking (BSC)</translation>
    </message>
    <message>
        <source>Grade {grade} · {kind}</source>
        <translation>Klasse {grade} · {kind}</translation>
    </message>
</context>
<context>
    <name>timegrid</name>
    <message>
        <source>{days:.1f} days</source>
        <translation>{days:.1f} dagen</translation>
    </message>
    <message>
        <source>{hours:g} h</source>
        <translation>{hours:g} u</translation>
    </message>
</context>
<context>
    <name>timeline_find</name>
    <message>
        <source>Found {code} in {suite} ({i} of {n}; Enter shows the next)</source>
        <translation>{code} gevonden in {suite} ({i} van {n}; Enter toont de volgende)</translation>
    </message>
</context>
<context>
    <name>values</name>
    <message>
        <source>optimal</source>
        <translation>optimaal</translation>
    </message>
    <message>
        <source>feasible</source>
        <translation>haalbaar</translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation>onhaalbaar</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>tentative</source>
        <translation>voorlopig</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>bevestigd</translation>
    </message>
    <message>
        <source>in-progress</source>
        <translation>bezig</translation>
    </message>
    <message>
        <source>done</source>
        <translation>klaar</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>geannuleerd</translation>
    </message>
    <message>
        <source>campaign</source>
        <translation>campagne</translation>
    </message>
    <message>
        <source>changeover</source>
        <translation>omstelling</translation>
    </message>
    <message>
        <source>cleaning</source>
        <translation>schoonmaak</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>onderhoud</translation>
    </message>
    <message>
        <source>gowning-grade-b</source>
        <translation>omkleden klasse B</translation>
    </message>
    <message>
        <source>media-fill</source>
        <translation>media-fill</translation>
    </message>
    <message>
        <source>aseptic-processing</source>
        <translation>aseptische verwerking</translation>
    </message>
    <message>
        <source>viral-vector-processing</source>
        <translation>verwerking virale vectoren</translation>
    </message>
    <message>
        <source>qa-release</source>
        <translation>QA-vrijgave</translation>
    </message>
    <message>
        <source>process-training</source>
        <translation>procestraining</translation>
    </message>
    <message>
        <source>planner</source>
        <translation>planner</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>manager</translation>
    </message>
    <message>
        <source>qa</source>
        <translation>QA</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>beheerder</translation>
    </message>
    <message>
        <source>autologous cell therapy</source>
        <translation>autologe celtherapie</translation>
    </message>
    <message>
        <source>allogeneic cell therapy</source>
        <translation>allogene celtherapie</translation>
    </message>
    <message>
        <source>ipsc derived</source>
        <translation>iPSC-afgeleid</translation>
    </message>
    <message>
        <source>tissue engineered</source>
        <translation>tissue-engineered</translation>
    </message>
    <message>
        <source>lentiviral vector</source>
        <translation>lentivirale vector</translation>
    </message>
    <message>
        <source>aav vector</source>
        <translation>AAV-vector</translation>
    </message>
    <message>
        <source>retroviral vector</source>
        <translation>retrovirale vector</translation>
    </message>
</context>
</TS>
