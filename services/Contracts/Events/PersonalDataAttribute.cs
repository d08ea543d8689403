namespace NgheAn.Contracts.Events;

/// <summary>
/// A personal value: a person's birth date, sex, grades, discipline, free text about them, a
/// petition submitter's identity (the fields a proto marks `visible_to`, and their like).
/// <list type="bullet">
/// <item>On an integration event: a consuming service needs it to act, so it travels on the bus,
/// but the analysts' stream never carries it (the stream writer drops it from the CloudEvent's data).</item>
/// <item>On an EF entity: the audit trail records that it changed, never its old or new value.</item>
/// </list>
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalDataAttribute : Attribute;
