"""Extraction end to end on sentences written for these tests (never copied from the
seeds): every fact predicate, quotations, claims and resolution, through the shipped
pipeline."""

from __future__ import annotations

import pytest

from kg.rules import extract
from kg.model import Document, Mention
from kg.nlp import load_pipeline
from kg.resolve import resolve


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def facts(nlp, text: str, outlet: str | None = None) -> set[tuple]:
    """(subject, predicate, object[, claimant]) by canonical names."""
    document = Document("f" * 16, "story.txt", text, outlet=outlet)
    result = resolve([extract(document, nlp(text))])
    names = {e.id: e.name for e in result.entities}
    (article,) = result.articles
    entity_of = result.entity_of(article)

    def name(item):
        return names[entity_of[item]] if isinstance(item, Mention) else item

    return {(name(f.subject), f.predicate, name(f.object)) + ((name(f.claimed_by),) if f.claimed_by else ())
            for f in article.facts}


def entities(nlp, text: str) -> set[tuple[str, str]]:
    document = Document("e" * 16, "story.txt", text)
    return {(e.name, e.type) for e in resolve([extract(document, nlp(text))]).entities}


def test_roles_are_split_from_names_with_their_place(nlp):
    found = facts(nlp, "Brazil's President Luis Moreno visited Lisbon. Prime Minister Lena Okafor met "
                       "with Finance Minister Tomas Berg in Oslo on Monday.")
    assert ("Luis Moreno", "holdsRole", "President of Brazil") in found
    assert ("Lena Okafor", "holdsRole", "Prime Minister") in found
    assert ("Tomas Berg", "holdsRole", "Finance Minister") in found


@pytest.mark.parametrize("text, person, role", [
    ("German Chancellor Hans Vogel met the press.", "Hans Vogel", "German Chancellor"),
    ("He was replaced by former Egyptian finance minister Omar Aziz.", "Omar Aziz", "former Egyptian finance minister"),
    ("Defence barrister Tom Reed said the case was weak.", "Tom Reed", "Defence barrister"),
    ("Police arrested then-councillor Ada Lim and Redhill head coach Jim Lowe.", "Ada Lim", "then-councillor"),
    ("Police arrested then-councillor Ada Lim and Redhill head coach Jim Lowe.", "Jim Lowe", "Redhill head coach"),
    ("The court charged traders Ann Coe, Bob Dunn and Cara Fry with fraud.", "Cara Fry", "trader"),
    ("Former mayor Alan Brisk was charged on Monday.", "Alan Brisk", "Former mayor"),
])
def test_a_title_before_a_name_is_a_role_as_written(nlp, text, person, role):
    roles = {(s, o) for s, p, o, *_ in facts(nlp, text) if p == "holdsRole"}
    assert (person, role) in roles
    assert not any(other in held for _, held in roles for other in ("Ada Lim", "Jim Lowe"))


@pytest.mark.parametrize("text, place, outlet", [
    ("KABUL (Wirepress): The ministry signed a deal on Sunday.", "KABUL", "Wirepress"),
    ("OSLO, February 15. /NORDA/. All disputed issues need dialogue.", "OSLO", "NORDA"),
    ("Lima, Dec. 25 (Andes Press)--Prosecutors arrested a lawmaker.", "Lima", "Andes Press"),
    ("Headline of the day\n\nNAIROBI: The authorities deported 40 men on Wednesday.", "NAIROBI", None),
])
def test_a_dateline_names_a_place_and_an_agency(nlp, text, place, outlet):
    found = entities(nlp, text)
    assert (place, "Place") in found
    assert outlet is None or (outlet, "MediaOutlet") in found


def test_an_opening_sentence_is_no_dateline(nlp):
    found = entities(nlp, "Police: the man fled. FORMER mayor Alan Brisk was charged.")
    assert not any(kind == "Place" for _, kind in found)


@pytest.mark.parametrize("text, expected", [
    ("Police suspended Inspector Omar Diaz, constables Ali Khan, Tahir Aziz and Bilal Shah.",
     {("Omar Diaz", "Inspector"), ("Ali Khan", "constable"), ("Tahir Aziz", "constable"), ("Bilal Shah", "constable")}),
    ("The case involves Tom Brand, former attorney-general of the federation, and Ali Bako, a businessman.",
     {("Tom Brand", "former attorney-general of the federation"), ("Ali Bako", "businessman")}),
    ("The regulator imposed a penalty on the bank's former money laundering reporting officer, Tim Hale.",
     {("Tim Hale", "former money laundering reporting officer")}),
    ("Army Chief of Staff General Tom Reed revealed the lists.", {("Tom Reed", "Army Chief of Staff General")}),
    ("Secretary of State Ann Cole spoke.", {("Ann Cole", "Secretary of State")}),
    ("He did not know of the arrest of the wife of the former governor, Ann Obi, as speculated.", set()),
])
def test_each_name_in_a_list_gets_its_own_role(nlp, text, expected):
    roles = {(s, o) for s, p, o, *_ in facts(nlp, text) if p == "holdsRole"}
    assert roles == expected


def test_met_with(nlp):
    found = facts(nlp, "Prime Minister Lena Okafor met with Finance Minister Tomas Berg in Oslo on Monday.")
    assert ("Lena Okafor", "metWith", "Tomas Berg") in found


def test_requested_meeting_is_not_a_meeting(nlp):
    found = facts(nlp, "Senator Hal Voss said he had requested a meeting with Lena Okafor.")
    assert not any(p == "metWith" for _, p, *_ in found)


@pytest.mark.parametrize("text, speaker, quote", [
    ("“We will not accept this deal,” said Lena Okafor on Tuesday.", "Lena Okafor", "We will not accept this deal"),
    ("Tomas Berg said: “The budget is balanced and the reserves are strong.”", "Tomas Berg",
     "The budget is balanced and the reserves are strong."),
    ("Lena Okafor spoke to reporters in Oslo. “The reforms will continue next year,” she said.", "Lena Okafor",
     "The reforms will continue next year"),
    ("Maria Lund asked Tomas Berg to call her lawyer, but he replied “I am not able to do that.”", "Tomas Berg",
     "I am not able to do that."),
    ("Ms. Lund told Tomas Berg the plan had failed. “The reforms will continue next year,” he said.", "Tomas Berg",
     "The reforms will continue next year"),
])
def test_quotations_go_to_their_speaker(nlp, text, speaker, quote):
    assert (speaker, "said", quote) in facts(nlp, text)


def test_quote_continued_in_the_same_paragraph_keeps_its_speaker(nlp):
    text = "“Taxes will fall next year,” said Tomas Berg. “Nobody will pay more than last year.”"
    found = facts(nlp, text)
    assert ("Tomas Berg", "said", "Nobody will pay more than last year.") in found


def test_scare_quotes_are_not_statements(nlp):
    assert not facts(nlp, "Tomas Berg called the plan “reckless” on Monday.")


def test_arrest_and_residence(nlp):
    found = facts(nlp, "Marco Diaz, a resident of Denver, was arrested by the Federal Bureau of Investigation "
                       "on Friday.")
    assert ("Marco Diaz", "arrestedBy", "Federal Bureau of Investigation") in found
    assert ("Marco Diaz", "residentOf", "Denver") in found


def test_detention(nlp):
    found = facts(nlp, "Police said Marco Diaz was taken to the Riverside County Jail.")
    assert ("Marco Diaz", "detainedIn", "Riverside County Jail") in found
    assert ("Riverside County Jail", "Prison") in entities(nlp, "Police said Marco Diaz was taken to the "
                                                                 "Riverside County Jail.")


def test_deportation_and_citizenship(nlp):
    found = facts(nlp, "Ana Perez, a citizen of Peru, was deported to Lima last week.")
    assert ("Ana Perez", "deportedTo", "Lima") in found
    assert ("Ana Perez", "citizenOf", "Peru") in found


def test_alleged_membership_stays_a_claim(nlp):
    found = facts(nlp, "Officials allege that Marco Diaz is a member of the gang Los Halcones.",
                  outlet="Daily Ledger")
    assert ("Marco Diaz", "memberOf", "Los Halcones", "Daily Ledger") in found
    assert ("Marco Diaz", "memberOf", "Los Halcones") not in found


def test_ruling_with_court_date_subject_and_order(nlp):
    found = facts(nlp, "The Federal Court ruled on March 3, 2024 that the government must release Ana Perez.")
    ruling = "Federal Court ruling of March 3, 2024"
    assert ("Federal Court", "issuedRuling", ruling) in found
    assert (ruling, "rulingConcerns", "Ana Perez") in found
    assert (ruling, "ordered", "release Ana Perez") in found


def test_judge_order(nlp):
    found = facts(nlp, "Judge Ruth Calder ordered the city to reopen the shelter.")
    assert ("Ruth Calder", "issuedRuling", "Ruth Calder ruling") in found
    assert ("Ruth Calder ruling", "ordered", "reopen the shelter") in found


def test_payment_event(nlp):
    found = facts(nlp, "Sweden paid Norway $4 million to repair the bridge.")
    assert ("Sweden", "paid", "Norway") in found
    assert ("$4 million", "paidFor", "repair the bridge") in found


@pytest.mark.parametrize("text, expected", [
    ("Ruritania has received loans from France, Germany and the UAE this year.",
     {("France", "paid", "Ruritania"), ("Germany", "paid", "Ruritania"), ("UAE", "paid", "Ruritania")}),
    ("The World Bank on Monday approved a $2-billion loan to be disbursed over three years to Ruritania.",
     {("World Bank", "paid", "Ruritania"), ("$2-billion", "paidFor", "loan to be disbursed over three years to Ruritania")}),
    ("The minister signed the $13 million contract for a solar power plant with Zenbo Group.",
     {("$13 million", "paidFor", "contract for a solar power plant with Zenbo Group")}),
    ("Bowden Tire Company will pay $16 million to settle charges, the regulator announced.",
     {("$16 million", "paidFor", "settle charges")}),
    ("Halbert Oil Corp paid $2 million in interest last year.", {("$2 million", "paidFor", "interest")}),
    ("Halbert Oil Corp paid more than $3.2 million in bribes to officials.",
     {("$3.2 million", "paidFor", "bribes to officials")}),
    ("The bank lent $3bn (about Rs 20,000 crore) to the province.", set()),
])
def test_payments_read_off_clauses_and_sums(nlp, text, expected):
    found = {f for f in facts(nlp, text) if f[1] in {"paid", "paidFor"}}
    assert expected <= found
    assert not any(s.startswith("Rs") for s, p, *_ in found)


@pytest.mark.parametrize("text", ["The firm raised $5 million in 2019 and $2 million in Lagos.",
                                  "He was jailed for squandering $6m in public funds.",
                                  "Aldo Vance did not pay $5 million to the agency."])
def test_sums_that_pay_for_nothing_named(nlp, text):
    assert not any(p in {"paid", "paidFor"} for _, p, *_ in facts(nlp, text))


def test_represented_by(nlp):
    found = facts(nlp, "Ana Perez is represented by attorney John Hale.")
    assert ("Ana Perez", "representedBy", "John Hale") in found


def test_an_institution_name_runs_over_words_joined_by_and(nlp):
    assert ("Economic and Financial Crimes Agency", "GovernmentBody") in entities(
        nlp, "The Economic and Financial Crimes Agency (EFCA) arrested him in Lagos.")


def test_a_company_first_word_alone_is_that_company(nlp):
    text = "Acme Tire & Rubber Company will pay $16 million. In a statement, Acme said the case was closed."
    found = entities(nlp, text)
    assert ("Acme Tire & Rubber Company", "Company") in found
    assert not any(name == "Acme" for name, _ in found)
    assert ("Acme Tire & Rubber Company", "said", "the case was closed") in facts(nlp, text)


def test_a_group_named_by_a_word_and_a_lower_case_group_noun(nlp):
    found = facts(nlp, "Tom Reed heads the Norte cartel, which is accused of violence.")
    assert ("Tom Reed", "memberOf", "Norte cartel") in found
    assert ("Norte cartel", "CriminalOrganization") in entities(nlp, "He joined the Norte cartel in 2016.")
    assert not any(p == "locatedIn" for _, p, *_ in found)


def test_a_ministry_named_by_lower_case_words_is_a_body_and_one_with_its_full_name(nlp):
    text = ("The Peruvian foreign ministry announced the extradition on Thursday. The Ministry of Finance "
            "verified them. Later the finance ministry said they had left.")
    assert {("Peruvian foreign ministry", "GovernmentBody"), ("Ministry of Finance", "GovernmentBody")} == {
        e for e in entities(nlp, text) if e[1] == "GovernmentBody"}
    assert ("Ministry of Finance", "said", "they had left") in facts(nlp, text)


def test_lines_that_credit_an_outlet_name_it(nlp):
    text = ("A court found Tom Reed guilty of fraud [Wirewatch]\nThe court in Lima jailed him.\n"
            "Published in Morning Star, June 16th, 2016\nGulf Herald and agencies")
    assert {("Wirewatch", "MediaOutlet"), ("Morning Star", "MediaOutlet"), ("Gulf Herald", "MediaOutlet")} <= entities(nlp, text)
    assert "found Tom Reed guilty of fraud" in rulings(facts(nlp, text))["ordered"]


def test_an_undashed_dateline_with_a_date_names_its_agency(nlp):
    text = "Summary line here.\n\nNew Delhi, Oct 1 (PNA) Chief Minister Tom Reed met Prime Minister Ann Cole."
    assert {("PNA", "MediaOutlet"), ("New Delhi", "Place")} <= entities(nlp, text)
    assert not any(t == "MediaOutlet" for _, t in entities(nlp, "Tom Reed (right) spoke to Ann Cole."))


def test_a_name_given_a_position_by_an_apposition_is_a_person(nlp):
    found = entities(nlp, "Adaeze Nwosu, judge of a federal high court in Kano, has warned the agency. Kenya, a "
                          "member of the African Union, voted.")
    assert {("Adaeze Nwosu", "Person"), ("Kenya", "Place")} <= found


def test_an_acronym_of_lower_case_words_is_no_entity(nlp):
    found = entities(nlp, "Meridian Bank failed to maintain its anti-money laundering (AML) controls. The firm sells "
                          "liquefied natural gas (LNG) abroad. The Economic Crimes Agency (ECA) acted.")
    assert found == {("Meridian Bank", "Company"), ("Economic Crimes Agency", "GovernmentBody")}


def test_a_law_and_its_acronym_are_no_entities(nlp):
    text = "Under section 4 of the Administration of Criminal Justice Act (ACJA), no party may delay the trial."
    assert entities(nlp, text) == set()


def test_an_airport_is_a_place(nlp):
    assert ("Murtala Mohammed International Airport", "Place") in entities(
        nlp, "He was arrested at the Murtala Mohammed International Airport, Lagos.")


def test_an_order_leaves_out_who_made_it_and_needs_more_than_a_verb(nlp):
    found = rulings(facts(nlp, "Tom Reed had his conviction quashed by the Court of Appeal. A pensioner, convicted "
                               "of assault 34 years ago, spoke."))
    assert found["issuedRuling"] == {"Court of Appeal"}
    assert "his conviction quashed" in found["ordered"]
    assert not any("Court of Appeal" in order or order.endswith(" of") for order in found["ordered"])


def test_a_decision_in_the_passive_or_by_an_unnamed_court_is_a_ruling_with_each_order(nlp):
    ordered = rulings(facts(nlp, "Tom Reed, tried in absentia, is ordered to serve 30 years in jail and pay over "
                                 "$5m."))["ordered"]
    assert ordered == {"serve 30 years in jail", "pay over $5m"}
    ordered = rulings(facts(nlp, "The court ordered Tom Reed to pay a fine and disqualified him from office."))["ordered"]
    assert ordered == {"pay a fine", "disqualified him from office"}
    assert "banned from all political activities for five years" in rulings(facts(
        nlp, "The ex-minister must also pay a fine and is banned from all political activities for five years."))["ordered"]


def test_a_decision_someone_is_merely_entitled_to_is_no_ruling(nlp):
    text = "There were no circumstances in which a judge was entitled to direct a jury to return a verdict of guilty."
    assert not rulings(facts(nlp, text))


def test_the_court_is_not_what_it_decided(nlp):
    found = rulings(facts(nlp, "Tom Reed founded the New Era party, whose activities the court also ordered to be "
                               "suspended."))
    assert not any(order.startswith("the court") for order in found.get("ordered", ()))


def test_a_pronoun_after_an_unnamed_description_names_no_one(nlp):
    found = facts(nlp, "Justice Tom Reed heard the appeal. Earlier, the petitioner's counsel argued that the "
                       "petitioner was innocent. He said that the appellants were wrongly convicted.")
    assert not any(p == "said" and s == "Tom Reed" for s, p, *_ in found)


def test_a_pronoun_is_the_main_clause_subject_before_it(nlp):
    found = facts(nlp, "Tom Reed has been on the run since May, the day Sam Ford stepped down as president. "
                       "He was also found guilty of fraud.")
    assert {o for s, p, o, *_ in found if p == "rulingConcerns"} == {"Tom Reed"}


def test_counsel_to_a_party_represents_it(nlp):
    found = facts(nlp, "Bello Tanko, counsel to the Economic Crimes Agency, asked for time.")
    assert ("Economic Crimes Agency", "representedBy", "Bello Tanko") in found
    assert not any(p == "memberOf" for _, p, *_ in found)


def test_a_minister_belongs_to_the_ministry_the_article_names(nlp):
    found = facts(nlp, "The Ministry of Mines and Forests signed a contract. Eng. Ali Karimi, the Mines and Forests "
                       "Minister, signed the contract.")
    assert {o for s, p, o, *_ in found if p == "memberOf"} == {"Ministry of Mines and Forests"}


@pytest.mark.parametrize("text, person, place", [
    ("Edward Cole, now aged 69, of Whitehaven, had his conviction quashed.", "Edward Cole", "Whitehaven"),
    ("Ann Lee, 34, from Leeds, was charged.", "Ann Lee", "Leeds"),
    ("Omar Malik, whose father Javed Iqbal is a resident of Lahore, was sent back.", "Javed Iqbal", "Lahore"),
])
def test_where_a_person_lives(nlp, text, person, place):
    found = facts(nlp, text)
    assert {(s, o) for s, p, o, *_ in found if p == "residentOf"} == {(person, place)}


def test_located_in(nlp):
    assert ("Toledo", "locatedIn", "Ohio") in facts(nlp, "The plant is in Toledo, Ohio, and employs 300 people.")


@pytest.mark.parametrize("text, inner, outer", [
    ("Marcus Webb appeared in the Regional Fraud Court in Eastfield on Monday.", "Regional Fraud Court", "Eastfield"),
    ("Police found fake notes at a Northgate Bank branch in Kisumu.", "Northgate Bank", "Kisumu"),
    ("He landed at Lindbergh Airport on Long Island, the ministry said.", "Lindbergh Airport", "Long Island"),
    ("Texas-based Halbert Oil Corp posted a loss.", "Halbert Oil Corp", "Texas"),
    ("Halbert Oil Corp bought Minaro Energy Ltd, a firm based in Calgary.", "Minaro Energy Ltd", "Calgary"),
    ("The court in Ruritania's capital Vostok sentenced Ivan Petrov to five years.", "Vostok", "Ruritania"),
    ("A lawyer from the Dayton, Ohio-based firm spoke.", "Dayton", "Ohio"),
])
def test_where_an_institution_or_place_is(nlp, text, inner, outer):
    assert (inner, "locatedIn", outer) in facts(nlp, text)


def test_a_based_description_places_the_institution_it_stands_for_in_its_town(nlp):
    found = facts(nlp, "Acme Tire & Rubber Company will pay $16 million. In agreeing to the settlement, the "
                       "Akron, Ohio-based tire company neither admitted nor denied the allegations.")
    assert {("Acme Tire & Rubber Company", "Akron"), ("Akron", "Ohio")} <= {
        (s, o) for s, p, o, *_ in found if p == "locatedIn"}


def test_a_description_before_an_institution_places_it(nlp):
    found = facts(nlp, "The U.S.' second-largest energy company Norvale agreed to buy American oil and natural gas "
                       "exploration and production firm Castor. The Kenyan bank Equity Holdings grew.")
    located = {(s, o) for s, p, o, *_ in found if p == "locatedIn"}
    assert located == {("Norvale", "United States"), ("Castor", "United States")}


def test_a_country_is_not_placed_by_a_preposition(nlp):
    found = facts(nlp, "Talks between France and Germany in Geneva failed on Monday.")
    assert not any(p == "locatedIn" for _, p, *_ in found)


def test_places_listed_as_peers_are_not_inside_each_other(nlp):
    found = facts(nlp, "Schools in Queensland, Victoria, Tasmania and Western Australia took part. "
                       "She later toured France, Germany and Italy. "
                       "Ruritania has received loans from Freedonia, Saudi Arabia and the UAE this year.")
    assert not any(p == "locatedIn" for _, p, *_ in found)


def test_acronym_in_apposition_is_the_same_entity(nlp):
    found = entities(nlp, "She was held at the Northern Detention Center, or NDC, for a year. NDC is full.")
    assert ("Northern Detention Center", "Prison") in found
    assert not any(name == "NDC" for name, _ in found)


def test_active_verbs_move_their_object_not_their_subject(nlp):
    found = facts(nlp, "Governor Ray Tull said he supports sending migrants to the Hillcrest Detention Center.")
    assert not any(p == "detainedIn" for _, p, *_ in found)
    found = facts(nlp, "Deputies took Marco Diaz to the Riverside County Jail on Sunday.")
    assert ("Marco Diaz", "detainedIn", "Riverside County Jail") in found


def test_active_arrest_names_the_arresting_agency(nlp):
    found = facts(nlp, "The Federal Bureau of Investigation arrested Marco Diaz in Denver.")
    assert ("Marco Diaz", "arrestedBy", "Federal Bureau of Investigation") in found


def test_relative_dates_resolve_against_the_article_date(nlp):
    text = "The Appeals Court ruled last week that the city must pay Ana Perez."
    document = Document("d" * 16, "story.txt", text, date="2025-04-17")
    (ruling,) = [e for e in resolve([extract(document, nlp(text))]).entities if e.type == "Ruling"]
    assert ruling.date == "2025-W15"
    undated = Document("u" * 16, "story.txt", text)
    (ruling,) = [e for e in resolve([extract(undated, nlp(text))]).entities if e.type == "Ruling"]
    assert ruling.date is None


def test_a_senator_is_from_a_state_not_a_country(nlp):
    found = facts(nlp, "The bill was opposed by Ohio Senator Dana Park and by U.S. Senator Lee Morrow.")
    assert any(s == "Dana Park" and p == "holdsRole" and "Ohio" in o and "Senator" in o for s, p, o, *_ in found)
    assert ("Lee Morrow", "holdsRole", "U.S. Senator") in found


def test_a_quotation_spanning_sentences_is_one_statement(nlp):
    found = facts(nlp, "“We will win this vote. The polls are clear and the party is united,” said Lena Okafor.")
    assert ("Lena Okafor", "said", "We will win this vote. The polls are clear and the party is united") in found


def test_an_office_you_are_in_is_a_place(nlp):
    found = entities(nlp, "The two leaders talked in the Blue Office on Friday. The Records Office said nothing.")
    assert ("Blue Office", "Place") in found
    assert ("Records Office", "GovernmentBody") in found


def test_a_bare_administration_needs_a_name_in_the_article(nlp):
    assert not any(t == "GovernmentBody" for _, t in entities(nlp, "The administration denied the report."))
    found = entities(nlp, "The Harlan administration denied the report. Later the administration apologized.")
    assert ("Harlan administration", "GovernmentBody") in found


def test_known_names_are_recognised_where_they_recur_in_other_articles(nlp):
    first = Document("a" * 16, "a.txt", "Police said the gang X-29 controls the port.")
    second = Document("b" * 16, "b.txt", "Two members of X-29 were arrested near the harbour. Mr Hale spoke.")
    result = resolve([extract(d, nlp(d.text)) for d in (first, second)])
    (gang,) = [e for e in result.entities if e.name == "X-29"]
    naming = {a.document.id for a in result.articles if gang.id in result.entity_of(a).values()}
    assert gang.type == "CriminalOrganization" and naming == {"a" * 16, "b" * 16}


def test_a_person_named_with_an_honorific_is_the_same_person(nlp):
    text = ("Marta Quiroga, the finance minister, spoke in Madrid on Monday. "
            "Ms Quiroga said the budget was fair. Dr. Lindqvist disagreed.")
    people = {name for name, type_ in entities(nlp, text) if type_ == "Person"}
    assert people == {"Marta Quiroga", "Lindqvist"}


def test_an_apposition_naming_a_position_is_a_role(nlp):
    text = ("Maria Lopez, the mayor of Springfield, said the budget was fair. Tom Reed, a spokesman for "
            "the Interior Ministry, declined to comment. The plan was drafted by Ahmed Karimi, Ruritania's "
            "finance minister. Joe Bell, a father of two, disagreed. The bill faces Lisa Grant, Ohio's Attorney "
            "General.")
    found = facts(nlp, text)
    assert ("Maria Lopez", "holdsRole", "mayor of Springfield") in found
    assert ("Tom Reed", "holdsRole", "spokesman for the Interior Ministry") in found
    assert ("Ahmed Karimi", "holdsRole", "finance minister of Ruritania") in found
    assert ("Lisa Grant", "holdsRole", "Attorney General of Ohio") in found
    assert not any(s == "Joe Bell" and p == "holdsRole" for s, p, *_ in found)


def test_a_plural_role_noun_gives_each_holder_the_role_in_the_singular(nlp):
    text = ("Both candidates were narrowly re-elected, as well as pro-reform councillors Nadia Berg of the "
            "Green Party and Omar Hale of the Labour Party.")
    roles = {(s, o) for s, p, o, *_ in facts(nlp, text) if p == "holdsRole"}
    assert ("Nadia Berg", "pro-reform councillor") in roles
    assert all("," not in role and not role.startswith("-") for _, role in roles)


def test_a_name_in_apposition_to_the_subject_is_the_speaker(nlp):
    text = 'The ministry\'s spokesman, Jana Novak, said: "We will not comment on the investigation at this stage."'
    assert ("Jana Novak", "said", "We will not comment on the investigation at this stage.") in facts(nlp, text)


def test_a_pronoun_speaker_is_in_the_last_sentence_naming_one_and_not_the_person_quoted_about(nlp):
    text = ('Jon Price opened the show on Monday. For Karl Brenner, a local teacher, Picasso was also a hero. '
            'He said, "Picasso was the greatest painter of the century and nobody comes close."')
    speakers = {s for s, p, *_ in facts(nlp, text) if p == "said"}
    assert speakers == {"Karl Brenner"}


@pytest.mark.parametrize("text", [
    "Marco Diaz was not arrested by the Federal Bureau of Investigation.",
    "Ana Perez will never be deported to Peru.",
    "Officials may deport Ana Perez to Peru next year.",
])
def test_negated_or_possible_events_are_not_facts(nlp, text):
    assert not {p for _, p, *_ in facts(nlp, text)} & {"arrestedBy", "deportedTo"}


def test_a_plain_event_still_is_a_fact(nlp):
    found = facts(nlp, "Marco Diaz was arrested by the Federal Bureau of Investigation.")
    assert ("Marco Diaz", "arrestedBy", "Federal Bureau of Investigation") in found


def rulings(found: set[tuple]) -> dict[str, set[tuple]]:
    """The ruling facts of a build, by predicate, with the ruling itself left out."""
    by_predicate: dict[str, set[tuple]] = {}
    for s, p, o, *_ in found:
        if p in {"issuedRuling", "rulingConcerns", "ordered"}:
            by_predicate.setdefault(p, set()).add(s if p == "issuedRuling" else o)
    return by_predicate


def test_a_court_decision_by_verb_is_a_ruling_with_its_orders(nlp):
    found = rulings(facts(nlp, "The Supreme Court fined Jane Doe 5,000 euros and barred her from practising law."))
    assert found["issuedRuling"] == {"Supreme Court"}
    assert "Jane Doe" in found["rulingConcerns"]
    assert "barred her from practising law" in found["ordered"]
    assert any(order.startswith("fined Jane Doe") for order in found["ordered"])


def test_a_described_court_rules_with_each_of_its_orders(nlp):
    text = ("The Eastfield High Court sentenced a former mayor to ten years after finding him guilty of graft. "
            "In a ruling penned by Justice Ana Cruz, the anti-graft court also ordered former mayor Tom Brand "
            "to pay a fine and perpetually disqualified him from holding public office.")
    found = facts(nlp, text)
    assert {s for s, p, *_ in found if p == "issuedRuling"} == {"Eastfield High Court"}
    orders = {o for s, p, o, *_ in found if p == "ordered"}
    assert {"pay a fine", "disqualified him from holding public office"} <= orders
    assert not any("holding" in order and not order.startswith("disqualified") for order in orders)
    concerned = {o for s, p, o, *_ in found if p == "rulingConcerns"}
    assert "Tom Brand" in concerned and "Ana Cruz" not in concerned


def test_every_judge_on_a_bench_issues_its_ruling(nlp):
    text = ("A bench of the Eastfield High Court comprising Chief Justice Ana Cruz and Justice Tom Brand "
            "granted bail to Sam Obi.")
    found = rulings(facts(nlp, text))
    assert found["issuedRuling"] == {"Eastfield High Court", "Ana Cruz", "Tom Brand"}
    assert found["rulingConcerns"] == {"Sam Obi"}


def test_whom_a_court_sentences_is_no_judge(nlp):
    found = rulings(facts(nlp, "A court in Lima jailed Tom Reed last week. Tom Reed was tried in absentia and "
                               "sentenced on Saturday for taking bribes."))
    assert "Tom Reed" not in found["issuedRuling"]
    assert "Tom Reed" in found["rulingConcerns"]
    assert "sentenced for taking bribes" in found["ordered"]


def test_a_regulator_penalty_concerns_the_firm_and_lists_each_order(nlp):
    text = ("The Markets Conduct Authority fined Acme Bank £3.3m, prevented it from accepting new deposits for "
            "five months and imposed a penalty of £17,900 on the bank's former officer, Steven Holt.")
    found = facts(nlp, text)
    ruled = rulings(found)
    assert ruled["issuedRuling"] == {"Markets Conduct Authority"}
    assert ruled["rulingConcerns"] == {"Acme Bank", "Steven Holt"}
    assert ruled["ordered"] == {"fined Acme Bank £3.3m", "prevented it from accepting new deposits for five months",
                                "imposed a penalty of £17,900 on the bank's former officer, Steven Holt"}
    assert not any(p == "describedAs" for _, p, *_ in found)


def test_a_sentence_is_a_ruling_without_a_named_court(nlp):
    found = rulings(facts(nlp, "Jane Doe was sentenced to ten years in prison on Monday."))
    assert found["rulingConcerns"] == {"Jane Doe"}
    assert found["ordered"] == {"sentenced to ten years in prison"}


@pytest.mark.parametrize("text, court, seat", [
    ("A criminal court in Cairo has sentenced Omar Aziz to 30 years in prison.", "criminal court in Cairo", "Cairo"),
    ("The court in Ruritania's capital Vostok sentenced Ivan Petrov to five years.",
     "court in Ruritania's capital Vostok", "Vostok"),
])
def test_a_court_named_by_its_seat_is_a_court_that_rules(nlp, text, court, seat):
    found = facts(nlp, text)
    assert (court, "locatedIn", seat) in found
    assert any(s == court and p == "issuedRuling" for s, p, *_ in found)


@pytest.mark.parametrize("text, court", [
    ("The Kalimbayan has sentenced a former mayor to a 10-year jail term.", "Kalimbayan"),
    ("The Vestrabanken has sentenced Omar Aziz to ten years in prison.", "Vestrabanken"),
])
def test_who_sentences_someone_is_a_court(nlp, text, court):
    assert (court, "Court") in entities(nlp, text)
    assert any(s == court and p == "issuedRuling" for s, p, *_ in facts(nlp, text))


def test_a_known_place_that_sentences_stays_a_place(nlp):
    assert ("Texas", "Place") in entities(nlp, "Texas sentenced Omar Aziz to death.")


def test_the_court_in_a_city_after_a_named_court_is_that_court(nlp):
    found = entities(nlp, "The Eastfield High Court heard the appeal. The court in Eastfield then sentenced "
                          "Omar Aziz to 30 years in prison.")
    assert not any(kind == "Court" and name.startswith("court in") for name, kind in found)


def test_a_decision_not_taken_is_no_ruling(nlp):
    assert not rulings(facts(nlp, "The court did not convict Jane Doe. Jane Doe will be sentenced in May."))


@pytest.mark.parametrize("text, speaker, content", [
    ("Tomas Berg said that the budget had been balanced for years.", "Tomas Berg",
     "the budget had been balanced for years"),
    ("Lena Okafor told reporters the reforms would continue.", "Lena Okafor", "the reforms would continue"),
    ("According to Tomas Berg, the bridge will open in June.", "Tomas Berg", "the bridge will open in June"),
    ("“We will appeal,” Lena Okafor said.", "Lena Okafor", "We will appeal"),
    ("Tomas Berg denied the charges.", "Tomas Berg", "denied the charges"),
    ("Lena Okafor urged Judge Tim Hall to release the men as they had been held for weeks.", "Lena Okafor",
     "urged Judge Tim Hall to release the men as they had been held for weeks"),
    ("However, the Lisbon High Court set aside the order saying the clerk needed to give it in writing.",
     "Lisbon High Court", "the clerk needed to give it in writing"),
    ("The Economic Crimes Agency (ECA) says former Governor Tom Reed is in its custody in Lagos.",
     "Economic Crimes Agency", "former Governor Tom Reed is in its custody in Lagos"),
    ("The Ministry of Health announced the verdict Wednesday, saying it secured the conviction of the mayor.",
     "Ministry of Health", "it secured the conviction of the mayor"),
    ("However, the Lisbon High Court set aside the order saying the magistrate needed to give it in writing.",
     "Lisbon High Court", "the magistrate needed to give it in writing"),
    ("The Border Agency charged that between 2007 and 2011 the firm paid bribes to officials.", "Border Agency",
     "between 2007 and 2011 the firm paid bribes to officials"),
    ("“The bank did not keep proper records,” the Monetary Authority found.", "Monetary Authority",
     "The bank did not keep proper records"),
    ("“I am glad we can talk,” Chancellor Paul Weber emphasized.", "Paul Weber", "I am glad we can talk"),
    ("Martin Stroud, the agency's director of enforcement said that combating fraud was vital.", "Martin Stroud",
     "combating fraud was vital"),
    ("Responding, Judge Ann Cole told the prosecution counsel to take note that there is a limit to the delays.",
     "Ann Cole", "there is a limit to the delays"),
    ("During the talks, Prime Minister Tom Reed asked him about the possibility of cultivation in the state.",
     "Tom Reed", "asked him about the possibility of cultivation in the state"),
])
def test_reported_speech_and_short_quotes_are_statements(nlp, text, speaker, content):
    assert (speaker, "said", content) in facts(nlp, text)


def test_a_pronoun_after_a_description_keeps_the_described_speaker(nlp):
    found = facts(nlp, "Judge Maria Roe heard the case against Sam Okafor. The judge said Okafor had lied. "
                       "“You lied to them about the accounts,” she told him.")
    assert ("Maria Roe", "said", "You lied to them about the accounts") in found
    assert not any(s == "Sam Okafor" and p == "said" for s, p, *_ in found)


def test_reported_speech_set_before_its_verb_is_a_statement(nlp):
    found = facts(nlp, "All disputed issues arising in relations between the countries need to be resolved through "
                       "dialogue, German Chancellor Hans Vogel stated on Tuesday during talks with the president.")
    assert ("Hans Vogel", "said", "All disputed issues arising in relations between the countries need to be "
                                  "resolved through dialogue") in found


def test_speakers_listed_together_each_said_it(nlp):
    found = facts(nlp, "Defence lawyers Sam Obi and Seth Ade said the prosecution's request was hopeless.")
    assert {("Sam Obi", "said", "the prosecution's request was hopeless"),
            ("Seth Ade", "said", "the prosecution's request was hopeless"),
            ("Sam Obi", "holdsRole", "Defence lawyer"), ("Seth Ade", "holdsRole", "Defence lawyer")} <= found


def test_a_described_speaker_is_the_holder_of_that_role(nlp):
    found = facts(nlp, "Prime Minister Ann Cole met Chief Minister Tom Reed. The ECA spokesman, Ben Ford, confirmed "
                       "the meeting. Later the Chief Minister said that he has asked for more funds. The ECA "
                       "spokesman said that the talks had ended.")
    assert {("Tom Reed", "said", "he has asked for more funds"),
            ("Ben Ford", "said", "the talks had ended")} <= found
    assert not any(s == "Ann Cole" and p == "said" for s, p, *_ in found)


def test_a_plural_description_speaks_for_everyone_it_names(nlp):
    found = facts(nlp, "Defence lawyers Ann Cole and Ben Ford opposed the request. The lawyers urged the court to "
                       "release their clients.")
    assert {("Ann Cole", "said", "urged the court to release their clients"),
            ("Ben Ford", "said", "urged the court to release their clients")} <= found


@pytest.mark.parametrize("text", [
    "Ace Oil announced its agreement Friday to buy the exploration firm Delta for $33 billion.",
    "He produced fake invoices, which he falsely claimed were issued by real suppliers, and left.",
    "After hearing the arguments, the bench agreeing with the counsel granted bail to the men.",
    "The court found him guilty of using 12 cars in a scheme which “greatly harmed the owners” of the cars.",
    "The Lima court jailed Tom Reed for fraud, the local media said, citing judicial sources.",
])
def test_what_is_not_a_reported_clause_is_no_statement(nlp, text):
    assert not any(p == "said" for _, p, *_ in facts(nlp, text))


def test_a_trailing_attribution_is_not_what_was_said(nlp):
    found = facts(nlp, "The league club, Acme United, has officially announced the signing of striker Tom Reed from "
                       "Porto on a deal worth €63 million, the club announced on Saturday.")
    assert not any(p == "said" and o.startswith("the club announced") for _, p, o, *_ in found)


def test_a_quote_closed_with_the_other_kind_of_mark_is_one_statement(nlp):
    text = ("Martin Stroud said that combating fraud was vital. \"The agency will not hesitate to act. As in this "
            "case, such action may include restricting a firm’s business,” he said.")
    assert ("Martin Stroud", "said", "The agency will not hesitate to act. As in this case, such action may include "
                                    "restricting a firm’s business") in facts(nlp, text)


def test_a_speaker_before_an_aside_without_a_parsed_subject(nlp):
    text = ('Quashing the convictions, Lord Justice Hallam, sitting with Mr Justice Pryce and Mr Justice Royle, '
            'said: "The decision in each case was not in reality made by the jury at all."')
    said = {(s, o) for s, p, o, *_ in facts(nlp, text) if p == "said"}
    assert said == {("Hallam", "The decision in each case was not in reality made by the jury at all.")}


def test_a_speaker_before_the_verb_a_speech_verb_is_coordinated_with(nlp):
    text = ("Talking to the media after meeting the Prime Minister, Reed slammed the opposition party and claimed "
            "that his party will win all the seats in the by-elections.")
    assert ("Reed", "said", "his party will win all the seats in the by-elections") in facts(nlp, text)


def test_a_speaker_after_the_verb_without_a_parsed_subject(nlp):
    text = ("The Global Monetary Fund approved it. The loan will support Pakistan’s economic plan, “which "
            "aims to return sustainable growth to the country’s economy and improve the standards of living”, said "
            "GMF spokesperson Gary Rolfe.")
    said = {(s, o) for s, p, o, *_ in facts(nlp, text) if p == "said"}
    assert {s for s, _ in said} == {"Gary Rolfe"}


def test_they_speaks_for_the_people_last_listed_as_a_subject(nlp):
    found = facts(nlp, "Mr Tom Ejaz and Ms Ann Mwangi were jointly charged with defrauding two traders. It was said "
                       "that the two obtained the money in 2018. They also denied the charges.")
    assert {("Tom Ejaz", "said", "denied the charges"), ("Ann Mwangi", "said", "denied the charges")} <= found


def test_a_quote_embedded_in_a_reported_clause_is_part_of_it(nlp):
    found = facts(nlp, "The magistrate Ann Cole said Tom Reed was an intelligent person, and a member of the "
                       "party “with a bright future ahead”.")
    said = {o for s, p, o, *_ in found if p == "said"}
    assert len(said) == 1 and next(iter(said)).startswith("Tom Reed was an intelligent person")


def test_a_participle_addressing_someone_is_not_its_clause_doers_statement(nlp):
    found = facts(nlp, "Mrs Ann Rudge received an unsigned letter in March 2020 telling her to stand down from her "
                       "position within seven days or her history would be aired publicly.")
    assert not any(p == "said" for _, p, *_ in found)


def test_a_relative_clause_reports_nothing_before_it(nlp):
    for text in ("Coach Marco Alves praised him. He added that the striker is amazing, and the records he "
                 "holds tell the story.",
                 "She added that Okafor's steady form is remarkable, and the goals he scores tell the whole "
                 "story of his season."):
        assert not any(p == "said" and o.startswith("He added") for _, p, o, *_ in facts(nlp, text))


def test_a_quoted_phrase_inside_reported_speech_is_not_said_twice(nlp):
    found = facts(nlp, "The loan will help the farmers, “which aims to grow”, said bank spokesperson Peter Rowe.")
    said = {o for s, p, o, *_ in found if p == "said" and s == "Peter Rowe"}
    assert said == {"The loan will help the farmers, “which aims to grow"}


def test_a_description_speaker_is_the_entity_it_stands_for(nlp):
    text = "The Ministry of Health opened a clinic in Oslo. The ministry said the clinic would treat children."
    assert ("Ministry of Health", "said", "the clinic would treat children") in facts(nlp, text)


def test_a_scare_quote_is_no_statement(nlp):
    found = facts(nlp, "Tomas Berg called the tax a “small price” for peace.")
    assert not any(p == "said" and o == "small price" for _, p, o, *_ in found)


def test_a_quote_continued_in_the_next_paragraph_is_one_statement(nlp):
    text = "“The plan is sound and the money is there.\n“We will build the bridge next year,” Tomas Berg said."
    found = facts(nlp, text)
    assert ("Tomas Berg", "said", "The plan is sound and the money is there. We will build the bridge next year") in found


def test_a_fact_inside_reported_speech_is_the_speakers_claim(nlp):
    text = "The prosecutor Jane Roe said Marco Diaz was arrested by the Federal Bureau of Investigation."
    assert ("Marco Diaz", "arrestedBy", "Federal Bureau of Investigation", "Jane Roe") in facts(nlp, text)


def test_a_role_phrase_names_the_body_a_person_belongs_to(nlp):
    found = facts(nlp, "Acme Corp. chief executive John Roe resigned on Friday.")
    assert ("John Roe", "memberOf", "Acme Corp.") in found


def test_a_description_before_the_subject_describes_it(nlp):
    found = facts(nlp, "Police detained Carlos Vega on Monday. Allegedly a member of the Red Dragons gang, he has "
                       "lived in a prison for more than a month.", outlet="Daily")
    assert ("Carlos Vega", "memberOf", "Red Dragons", "Daily") in found


def test_an_acting_it_is_the_institution_before_it(nlp):
    found = facts(nlp, "While the Interior Ministry admitted last month that the man was deported by mistake, it "
                       "argued that the country had no power to return him. Peru faces a crisis. In June, it secured "
                       "a $3-billion bailout package from Chile.")
    assert ("Interior Ministry", "said", "the country had no power to return him") in found
    assert ("Chile", "paid", "Peru") in found


@pytest.mark.parametrize("text, expected", [
    ("Mark Lund, the Revenue Authority's director of enforcement, said the fine was fair.",
     {("Mark Lund", "memberOf", "Revenue Authority"),
      ("Mark Lund", "holdsRole", "director of enforcement of Revenue Authority")}),
    ("Minister of the Supreme Court (STF), Carlos Mendes, ordered the arrest of the former commander.",
     {("Carlos Mendes", "memberOf", "Supreme Court"), ("Carlos Mendes", "holdsRole", "Minister of the Supreme Court")}),
    ("Police searched the office of Ken Ito, 44, an LDP member in the Lower House.",
     {("Ken Ito", "memberOf", "LDP"), ("Ken Ito", "memberOf", "Lower House")}),
    ("The judge said Tom Okafor was an intelligent person, and a current member of the Green Alliance Party.",
     {("Tom Okafor", "memberOf", "Green Alliance Party")}),
])
def test_an_apposition_set_off_by_commas_gives_roles_and_memberships(nlp, text, expected):
    assert expected <= facts(nlp, text)


@pytest.mark.parametrize("text, label, claimant", [
    ("Tom Brand, a legal resident in Ohio originally from Peru, was taken to a prison last month.",
     "a legal resident in Ohio", None),
    ("Police arrested Tom Brand on Monday. White House officials said Brand was an illegal immigrant.",
     "an illegal immigrant", "White House"),
    ("Senator Ana Ruiz called Tom Brand a terrorist on Monday.", "a terrorist", "Ana Ruiz"),
    ("The minister described Tom Brand as a hero.", "a hero", None),
])
def test_how_a_source_labels_a_person(nlp, text, label, claimant):
    found = facts(nlp, text)
    expected = ("Tom Brand", "describedAs", label) + ((claimant,) if claimant else ())
    assert expected in found


def test_a_position_is_a_role_not_a_label(nlp):
    found = facts(nlp, "Ana Cruz, the mayor of Springfield, said the budget was fair. Tom Brand is the "
                       "new chairman of the board.")
    assert not any(p == "describedAs" for _, p, *_ in found)


@pytest.mark.parametrize("text, person, body", [
    ("The Global Monetary Fund approved the loan. The loan will help, said GMF spokesperson Gary Rolfe.",
     "Gary Rolfe", "Global Monetary Fund"),
    ("The Halden Institute denied it. Halden Institute Spokesman Pavel Sorokin said no.", "Pavel Sorokin", "Halden Institute"),
    ("The Economic Crimes Agency said so. ECA spokesman Wale Adeyemi confirmed it.", "Wale Adeyemi",
     "Economic Crimes Agency"),
    ("The Markets Conduct Authority acted. Martin Stroud, the MCA's director of enforcement, said so.",
     "Martin Stroud", "Markets Conduct Authority"),
])
def test_an_institution_opening_a_title_is_the_holders(nlp, text, person, body):
    assert (person, "memberOf", body) in facts(nlp, text)


def test_a_role_taken_as_something_is_held(nlp):
    found = facts(nlp, "Tom Reed left on the day he stepped down as president. Paul Weber said that he had "
                       "taken office as head of the Cabinet.")
    assert {("Tom Reed", "holdsRole", "president"), ("Paul Weber", "holdsRole", "head of the Cabinet")} <= found


def test_a_modified_description_gives_its_person_the_role_as_written(nlp):
    found = facts(nlp, "Wale Adeyemi, a spokesman, confirmed the arrest. The ECA spokesman said that the former "
                       "governor had not been released.")
    assert {("Wale Adeyemi", "holdsRole", "ECA spokesman"), ("Wale Adeyemi", "memberOf", "ECA")} <= found


def test_a_place_or_a_bare_title_before_a_name_is_no_affiliation(nlp):
    found = facts(nlp, "Brooklyn federal judge Ann Cole ruled. Former President Tom Reed spoke.")
    assert not any(p == "memberOf" for _, p, *_ in found)


def test_a_body_named_before_a_preposition_is_no_affiliation(nlp):
    found = facts(nlp, "Jane Doe appeared in the Federal Court in Lagos before Magistrate John Roe.")
    assert not any(p == "memberOf" for _, p, *_ in found)


def test_the_lede_describes_the_person_the_next_sentence_names(nlp):
    text = ("NAIROBI, March 3 – A former hospital director at Lindholm in the Upper Vale was jailed for four years "
            "on Friday for taking bribes.\nPeter Quellmark Arno, 58, appeared in the regional court.")
    found = facts(nlp, text)
    assert ("Peter Quellmark Arno", "Person") in entities(nlp, text)
    assert ("Upper Vale", "Place") in entities(nlp, text)
    assert ("Peter Quellmark Arno", "holdsRole", "former hospital director at Lindholm in the Upper Vale") in found
    assert rulings(found)["rulingConcerns"] == {"Peter Quellmark Arno"}


def test_a_lede_description_is_no_one_the_next_sentence_names_without_an_age(nlp):
    found = facts(nlp, "A former hospital director was jailed for four years on Friday.\n"
                       "Peter Arno said the hospital would appeal.")
    assert not rulings(found).get("rulingConcerns")
    assert not any(p == "holdsRole" for _, p, *_ in found)


def test_a_ruling_quashed_is_a_ruling_the_quashing_concerns(nlp):
    found = facts(nlp, "Tom Reed, 70, had his 1980 theft conviction overturned by the Court of Appeal last week.")
    appeal, conviction = "Court of Appeal ruling of last week", "Court conviction of last week"
    assert ("Court of Appeal", "issuedRuling", appeal) in found
    assert {(appeal, "rulingConcerns", conviction), (appeal, "rulingConcerns", "Tom Reed"),
            (conviction, "rulingConcerns", "Tom Reed"),
            (appeal, "ordered", "his 1980 theft conviction overturned")} <= found


def test_the_ruling_a_later_decision_sets_aside_is_the_earlier_one(nlp):
    text = ("The Harbour District Court convicted Ana Lopes of fraud in May. In June the Court of Appeal overturned "
            "the conviction.")
    found = facts(nlp, text)
    assert ("Court of Appeal ruling", "rulingConcerns", "Harbour District Court ruling") in found
    assert sum(kind == "Ruling" for _, kind in entities(nlp, text)) == 2


def test_a_penalty_imposed_is_no_earlier_ruling(nlp):
    found = facts(nlp, "The Supreme Court imposed a fine of $2,000 on Ana Lopes.")
    assert rulings(found)["rulingConcerns"] == {"Ana Lopes"}


@pytest.mark.parametrize("text, party", [
    ("The case against the former treasurer, Ana Lopes, was provisionally dismissed on Monday.", "Ana Lopes"),
    ("The charges against Jane Roe were dismissed on Monday.", "Jane Roe"),
])
def test_a_case_dismissed_is_a_ruling_about_whom_it_was_against(nlp, text, party):
    assert rulings(facts(nlp, text))["rulingConcerns"] == {party}


def test_a_person_dismissed_from_a_job_is_no_ruling(nlp):
    assert not rulings(facts(nlp, "Tom Reed was dismissed from the police force on Monday."))


def test_the_name_after_a_decision_verb_is_its_object_where_the_parser_gave_none(nlp):
    found = facts(nlp, "The energy regulator fined Karsten Power €4.5m, barred it from taking new customers for six "
                       "months and imposed a penalty of €12,000 on its former trading chief, Steven Holt.")
    assert "Karsten Power" in rulings(found)["rulingConcerns"]


def test_a_decision_that_names_no_party_concerns_the_parties_of_the_case(nlp):
    found = facts(nlp, "The magistrate criticised the prosecutors for delays in the case involving Tom Reed, a former "
                       "minister, and Ana Lopes, a businesswoman. When the hearing resumed on Wednesday, Sam Obi, "
                       "counsel for the prosecution, asked for more time. The hearing was then adjourned.")
    assert rulings(found)["rulingConcerns"] == {"Tom Reed", "Ana Lopes"}


@pytest.mark.parametrize("text, amount, purpose", [
    ("Redhill United completed the signing of midfielder Tomas Berg from Vale FC on a deal worth €25 million.",
     "€25 million", "signing of midfielder Tomas Berg from Vale FC"),
    ("Orla Pharmaceuticals completed the takeover of Brant Limited in a deal valued at $5 billion.", "$5 billion",
     "takeover of Brant Limited"),
])
def test_a_deal_worth_a_sum_pays_for_what_it_closes(nlp, text, amount, purpose):
    assert (amount, "paidFor", purpose) in facts(nlp, text)


def test_a_deal_phrase_keeps_its_recipients_wherever_the_parser_hung_them(nlp):
    found = facts(nlp, "From 2015 to 2018 the trading arm paid about $1.4 million in bribes to managers of state-run "
                       "ports, prosecutors said.")
    assert ("$1.4 million", "paidFor", "bribes to managers of state-run ports") in found


def test_a_sum_filling_a_nouns_of_says_what_it_is_in(nlp):
    found = facts(nlp, "The settlement covers a refund of an estimated $4 million in unlawfully charged fees and "
                       "$1 million in interest.")
    assert ("$4 million", "paidFor", "refund of unlawfully charged fees") in found
    assert not any(s == "$1 million" and p == "paidFor" for s, p, *_ in found)


@pytest.mark.parametrize("text, person, role, body", [
    ("Karsten Bank was fined. The regulator also fined the bank's former compliance officer, Steven Holt, £9,000.",
     "Steven Holt", "former compliance officer of Karsten Bank", "Karsten Bank"),
    ("Qing Long Group won the contract. Later, Mei Lin, a representative of the Chinese firm, said the plant would "
     "open in May.", "Mei Lin", "representative of the Chinese firm", "Qing Long Group"),
    ("The Markets Conduct Authority fined the bank. Mark Stroud, the MCA's head of supervision said that the fine "
     "sent a clear message.", "Mark Stroud", "head of supervision of MCA", "Markets Conduct Authority"),
])
def test_a_role_belongs_to_the_body_its_owner_or_description_names(nlp, text, person, role, body):
    found = facts(nlp, text)
    assert {(person, "holdsRole", role), (person, "memberOf", body)} <= found


def test_a_noun_before_the_speaker_is_no_reported_clause(nlp):
    found = facts(nlp, "Tom Reed was fined on Monday. Reed's lawyer, Sam Obi, said his client would appeal the ruling.")
    assert {(s, o) for s, p, o, *_ in found if p == "said"} == {("Sam Obi", "his client would appeal the ruling")}


def test_an_alias_is_the_same_person_and_a_plural_title_covers_the_whole_list(nlp):
    text = "Police arrested traders Omar Aziz alias Sharif, Lena Okafor alias Grace Amadi and Jane Roe on Friday."
    found = facts(nlp, text)
    assert {("Omar Aziz", "holdsRole", "trader"), ("Lena Okafor", "holdsRole", "trader"),
            ("Jane Roe", "holdsRole", "trader")} <= found
    people = {name for name, kind in entities(nlp, text) if kind == "Person"}
    assert people == {"Omar Aziz", "Lena Okafor", "Jane Roe"}


def test_a_plural_role_set_off_before_a_list_gives_each_name_the_role(nlp):
    found = facts(nlp, "Two other council officials from Eastfield, Tom Reed and Omar Aziz, were released last "
                       "week. Two suspects, Lena Okafor and Jane Roe, were arrested.")
    assert {(s, o) for s, p, o, *_ in found if p == "holdsRole"} == {
        ("Tom Reed", "council official from Eastfield"), ("Omar Aziz", "council official from Eastfield")}


@pytest.mark.parametrize("text, person, role, body", [
    ("Marco Diaz leads the Norte cartel, which controls the port.", "Marco Diaz", "leader of the Norte cartel",
     "Norte cartel"),
    ("Tom Reed founded Karsten Bank in 1990.", "Tom Reed", "founder of Karsten Bank", "Karsten Bank"),
])
def test_a_verb_of_leading_gives_the_role_and_the_membership(nlp, text, person, role, body):
    assert {(person, "holdsRole", role), (person, "memberOf", body)} <= facts(nlp, text)


def test_a_verdict_told_again_is_one_ruling(nlp):
    text = ("Ana Novak was jailed for ten years on Monday. The court found Novak guilty of fraud and money "
            "laundering. In 2019 the Harbour District Court had convicted Tom Reed of theft.")
    found = facts(nlp, text)
    assert sum(kind == "Ruling" for _, kind in entities(nlp, text)) == 2
    (first,) = {s for s, p, o, *_ in found if p == "rulingConcerns" and o == "Ana Novak"}
    assert {o for s, p, o, *_ in found if s == first and p == "ordered"} == {
        "jailed for ten years on Monday", "found Novak guilty of fraud and money laundering"}


def test_a_decision_someone_pleads_for_is_no_ruling(nlp):
    assert not rulings(facts(nlp, "The defence pleaded the judges to dismiss the charges against Tom Reed."))


def test_only_decisions_are_orders_of_a_ruling(nlp):
    found = rulings(facts(nlp, "The Harbour Court banned Tom Reed from driving for a year and described his "
                               "conduct as reckless."))
    assert found["ordered"] == {"banned Tom Reed from driving for a year"}


def test_the_court_a_sentence_was_passed_at_issues_it(nlp):
    found = facts(nlp, "Mr Reed was sentenced to six months in jail, suspended for a year, at Eastfield Crown Court "
                       "in 2004.")
    ruled = rulings(found)
    assert ruled["issuedRuling"] == {"Eastfield Crown Court"}
    assert len({s for s, p, *_ in found if p == "ordered"}) == 1


def test_a_name_set_off_by_an_age_is_a_person_and_other_digits_are_no_age(nlp):
    assert ("Peter Quellmark Arno", "Person") in entities(nlp, "Peter Quellmark Arno, 58, appeared in court.")
    assert not any(kind == "Person" and "²" in name for name, kind in entities(nlp, "Lena Okafor Berg, ², left."))


def test_the_lede_speaker_is_the_person_named_next_with_an_age_as_written(nlp):
    found = facts(nlp, "A former manager from Eastfield said his name had been cleared.\nTom Reed, now aged 69, of "
                       "Westbury, spoke to reporters.")
    assert {("Tom Reed", "said", "his name had been cleared"),
            ("Tom Reed", "holdsRole", "former manager from Eastfield")} <= found


def test_what_someone_expresses_is_a_statement(nlp):
    found = facts(nlp, "Tom Reed has expressed his delight that his name has been cleared.")
    assert ("Tom Reed", "said", "expressed his delight that his name has been cleared") in found
