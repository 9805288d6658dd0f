// Package turnout answers the organizer's turnout questions from events
// (graph.Event): how many of an official's constituents we brought to our
// events, and how far a person has come on the leadership ladder. Its
// functions are pure: the caller reads the events and says who each
// attendee is (their district, and whether the reader may name them), and
// gets a report back.
//
// A constituent of an official is an attendee whose district matches the
// official's (outreach.DistrictMatch: the same district, or a house
// district inside a senate district, "7A" in "7"). Counts are attendances:
// someone who came to three events counts three times, as organizers count
// "we brought 40 of your constituents".
package turnout
